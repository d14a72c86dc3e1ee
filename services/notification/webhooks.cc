// Domain layer: webhook registration and the record of deliveries
// (webhooks.h).
#include "services/notification/webhooks.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/api_keys.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/idempotency.h"
#include "libs/storage/pagination.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {
namespace {

absl::Status ValidateEvents(
    const google::protobuf::RepeatedPtrField<std::string>& events) {
  if (events.empty()) {
    return rpc::FieldError("events",
                           "name at least one event, e.g. brief.published");
  }
  std::vector<std::string> known = KnownEvents();
  for (const std::string& e : events) {
    if (std::find(known.begin(), known.end(), e) == known.end()) {
      return rpc::FieldError("events", "unknown event " + e + "; known: " +
                                           absl::StrJoin(known, ", "));
    }
  }
  return absl::OkStatus();
}

std::string NewSecret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("whsec_") + hex;
}

}  // namespace

absl::StatusOr<v1::CreateWebhookResponse> CreateWebhook(
    storage::PgPool* pool, const NotificationConfig& config,
    const std::string& user, const std::string& idempotency_key,
    const v1::CreateWebhookRequest& req) {
  auto url = ParseWebhookUrl(req.url());
  if (!url.ok()) return url.status();
  if (auto s = ValidateEvents(req.events()); !s.ok()) return s;
  // Judged now where it can be: the host resolves, to allowed addresses.
  if (auto a = ResolveAllowed(*url, config.webhook_policy); !a.ok()) {
    return a.status();
  }
  storage::IdempotencyScope scope =
      storage::ScopeFor(user, idempotency_key, "CreateWebhook", req);
  v1::CreateWebhookResponse out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) -> absl::Status {
    out.Clear();  // the transaction may run again
    auto answer = tx.FindAnswer(scope);
    if (!answer.ok()) return answer.status();
    if (answer->has_value() && out.ParseFromString(**answer)) {
      return absl::OkStatus();  // stored without the secret: it is shown once
    }
    std::string id = auth::NewId(), secret = NewSecret();
    v1::Webhook hook =
        tx.InsertWebhook(id, user, req.url(), absl::StrJoin(req.events(), ","),
                         config.webhook_secrets.Seal(secret));
    out.set_id(id);
    *out.mutable_webhook() = std::move(hook);
    tx.SaveAnswer(scope, out.SerializeAsString());
    out.set_secret(secret);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::ListWebhooksResponse> ListWebhooks(
    storage::PgPool* pool, const std::string& user,
    const v1::ListWebhooksRequest& req) {
  // Positions are webhook ids.
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  v1::ListWebhooksResponse out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out.Clear();  // the transaction may run again
    for (v1::Webhook& w : tx.WebhooksOf(user, page->after(), page->fetch())) {
      *out.add_webhooks() = std::move(w);
    }
    if (auto next = page->Trim(*out.mutable_webhooks(),
                               [](const v1::Webhook& w) { return w.id(); })) {
      out.set_next_page_token(*next);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status DeleteWebhook(storage::PgPool* pool, const std::string& user,
                           const std::string& id) {
  return Transact(pool, [&](NotificationTx& tx) -> absl::Status {
    // Pending deliveries of a removed webhook are dropped too.
    if (!tx.DeleteWebhook(id, user)) {
      return absl::NotFoundError("webhook " + id + " not found");
    }
    tx.DropPendingDeliveries(id);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ListDeliveriesResponse> ListDeliveries(
    storage::PgPool* pool, const std::string& user,
    const v1::ListDeliveriesRequest& req) {
  // Positions are offsets into the attempts, oldest first.
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  auto after = page->after_number();
  if (!after.ok()) return after.status();
  v1::ListDeliveriesResponse out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) -> absl::Status {
    out.Clear();  // the transaction may run again
    if (!tx.HasWebhook(req.id(), user)) {
      return absl::NotFoundError("webhook " + req.id() + " not found");
    }
    // Oldest first; the position is the attempt's place in that order.
    for (v1::Attempt& a : tx.Attempts(req.id(), *after, page->fetch())) {
      *out.add_deliveries() = std::move(a);
    }
    int64_t next_offset = *after + page->size();
    if (auto next = page->Trim(*out.mutable_deliveries(), [&](const auto&) {
          return absl::StrCat(next_offset);
        })) {
      out.set_next_page_token(*next);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::notification
