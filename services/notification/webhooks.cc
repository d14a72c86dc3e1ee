// Webhook registration and the record of deliveries.
#include <google/protobuf/util/time_util.h>
#include <sodium.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "libs/storage/pagination.h"
#include "services/notification/notification_service.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp Micros(const pqxx::field& f) {
  return TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

v1::Webhook ReadWebhook(const pqxx::row& row) {
  v1::Webhook w;
  w.set_id(row[0].as<std::string>());
  w.set_url(row[1].as<std::string>());
  for (absl::string_view e :
       absl::StrSplit(row[2].as<std::string>(), ',', absl::SkipEmpty())) {
    w.add_events(std::string(e));
  }
  *w.mutable_create_time() = Micros(row[3]);
  return w;
}

// A row of the attempts query of ListDeliveries.
v1::Attempt ReadAttempt(const pqxx::row& row) {
  v1::Attempt a;
  a.set_delivery_id(row[0].as<std::string>());
  a.set_notification_id(row[1].as<std::string>());
  a.set_event(row[2].as<std::string>());
  a.set_attempt(row[3].as<int>());
  *a.mutable_time() = Micros(row[4]);
  a.set_status_code(row[5].as<int>());
  a.set_latency_ms(row[6].as<int>());
  a.set_error(row[7].as<std::string>());
  v1::DeliveryState state = v1::DELIVERY_STATE_UNSPECIFIED;
  v1::DeliveryState_Parse(row[8].as<std::string>(), &state);
  a.set_state(state);
  if (!row[9].is_null()) *a.mutable_next_retry_time() = Micros(row[9]);
  return a;
}

constexpr char kWebhookColumns[] =
    "SELECT id, url, array_to_string(events, ','), "
    "(extract(epoch FROM create_time) * 1000000)::bigint FROM webhooks ";

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

grpc::Status NotificationService::CreateWebhook(
    grpc::ServerContext* ctx, const v1::CreateWebhookRequest* req,
    v1::CreateWebhookResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  auto url = ParseWebhookUrl(req->url());
  if (!url.ok()) return rpc::ToGrpcStatus(url.status());
  if (auto s = ValidateEvents(req->events()); !s.ok())
    return rpc::ToGrpcStatus(s);
  // Judged now where it can be: the host resolves, to allowed addresses.
  if (auto a = ResolveAllowed(*url, config_.webhook_policy); !a.ok()) {
    return rpc::ToGrpcStatus(a.status());
  }
  storage::IdempotencyScope scope = storage::ScopeFor(
      p.user_id(), rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey),
      "CreateWebhook", *req);
  return rpc::Reply(
      pool_->Run<v1::CreateWebhookResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateWebhookResponse> {
            v1::CreateWebhookResponse out;
            auto answer = storage::FindAnswer(tx, scope);
            if (!answer.ok()) return answer.status();
            if (answer->has_value() && out.ParseFromString(**answer)) {
              return out;  // stored without the secret: it is shown once
            }
            std::string id = auth::NewId(), secret = NewSecret();
            pqxx::result r = tx.exec_params(
                absl::StrCat(
                    "INSERT INTO webhooks (id, user_id, url, events, "
                    "secret) VALUES ($1, $2, $3, string_to_array($4, "
                    "','), $5) RETURNING id, url, "
                    "array_to_string(events, ','), "
                    "(extract(epoch FROM create_time) * 1000000)::bigint"),
                id, p.user_id(), req->url(), absl::StrJoin(req->events(), ","),
                config_.webhook_secrets.Seal(secret));
            out.set_id(id);
            *out.mutable_webhook() = ReadWebhook(r[0]);
            storage::SaveAnswer(tx, scope, out.SerializeAsString());
            out.set_secret(secret);
            return out;
          }),
      resp);
}

grpc::Status NotificationService::ListWebhooks(
    grpc::ServerContext* ctx, const v1::ListWebhooksRequest* req,
    v1::ListWebhooksResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  // Positions are webhook ids.
  auto page = storage::Page::Parse(req->page_size(), req->page_token());
  if (!page.ok()) return rpc::ToGrpcStatus(page.status());
  return rpc::Reply(
      pool_->Run<v1::ListWebhooksResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::ListWebhooksResponse> {
            pqxx::result rows = tx.exec_params(
                absl::StrCat(kWebhookColumns,
                             "WHERE user_id = $1 AND delete_time IS NULL AND "
                             "id > $2 ORDER BY id LIMIT $3"),
                p.user_id(), page->after(), page->fetch());
            v1::ListWebhooksResponse out;
            for (const auto& row : rows) *out.add_webhooks() = ReadWebhook(row);
            if (auto next =
                    page->Trim(*out.mutable_webhooks(),
                               [](const v1::Webhook& w) { return w.id(); })) {
              out.set_next_page_token(*next);
            }
            return out;
          }),
      resp);
}

grpc::Status NotificationService::DeleteWebhook(
    grpc::ServerContext* ctx, const v1::DeleteWebhookRequest* req,
    google::protobuf::Empty*) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::ToGrpcStatus(
      pool_
          ->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
            // Pending deliveries of a removed webhook are dropped too.
            pqxx::result r = tx.exec_params(
                "UPDATE webhooks SET delete_time = now() WHERE id = $1 AND "
                "user_id = $2 AND delete_time IS NULL RETURNING id",
                req->id(), p.user_id());
            if (r.empty())
              return absl::NotFoundError("webhook " + req->id() + " not found");
            tx.exec_params(
                "UPDATE deliveries SET state = 'DEAD' WHERE "
                "webhook_id = $1 AND state = 'PENDING'",
                req->id());
            return true;
          })
          .status());
}

grpc::Status NotificationService::ListDeliveries(
    grpc::ServerContext* ctx, const v1::ListDeliveriesRequest* req,
    v1::ListDeliveriesResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  // Positions are offsets into the attempts, oldest first.
  auto page = storage::Page::Parse(req->page_size(), req->page_token());
  if (!page.ok()) return rpc::ToGrpcStatus(page.status());
  auto after = page->after_number();
  if (!after.ok()) return rpc::ToGrpcStatus(after.status());
  return rpc::Reply(
      pool_->Run<
          v1::ListDeliveriesResponse>([&](pqxx::work& tx)
                                          -> absl::StatusOr<
                                              v1::ListDeliveriesResponse> {
        if (tx.exec_params("SELECT 1 FROM webhooks WHERE id = $1 AND "
                           "user_id = $2",
                           req->id(), p.user_id())
                .empty()) {
          return absl::NotFoundError("webhook " + req->id() + " not found");
        }
        // Oldest first; the position is the attempt's place in that order.
        pqxx::result rows = tx.exec_params(
            "SELECT a.delivery_id, d.notification_id, d.event, a.attempt, "
            "(extract(epoch FROM a.time) * 1000000)::bigint, a.status_code, "
            "a.latency_ms, a.error, d.state, "
            "(extract(epoch FROM a.next_retry_time) * 1000000)::bigint, "
            "row_number() OVER (ORDER BY a.time, a.delivery_id, a.attempt) "
            "AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id "
            "WHERE d.webhook_id = $1 ORDER BY a.time, a.delivery_id, "
            "a.attempt OFFSET $2 LIMIT $3",
            req->id(), *after, page->fetch());
        v1::ListDeliveriesResponse out;
        for (const auto& row : rows) *out.add_deliveries() = ReadAttempt(row);
        int64_t next_offset = *after + page->size();
        if (auto next = page->Trim(*out.mutable_deliveries(), [&](const auto&) {
              return absl::StrCat(next_offset);
            })) {
          out.set_next_page_token(*next);
        }
        return out;
      }),
      resp);
}

}  // namespace briefdesk::notification
