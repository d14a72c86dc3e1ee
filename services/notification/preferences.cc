#include "services/notification/preferences.h"

#include <google/protobuf/util/time_util.h>
#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/clock/clock.h"
#include "libs/storage/pagination.h"
#include "services/notification/email_kinds.h"
#include "services/notification/email_queue.h"

namespace briefdesk::notification {
namespace {

void SetMode(v1::EmailPreferences* p, const std::string& kind, Mode mode) {
  if (kind == kReminders) p->set_reminders(mode);
  if (kind == kReviews) p->set_reviews(mode);
  if (kind == kPublication) p->set_publication(mode);
  if (kind == kFollowUps) p->set_follow_ups(mode);
  if (kind == kGuidance) p->set_guidance(mode);
}

v1::Preferences Load(NotificationTx& tx, const std::string& user) {
  v1::Preferences out;
  v1::EmailPreferences* e = out.mutable_email();
  for (const std::string& kind : PreferenceKinds()) {
    SetMode(e, kind, ModeFor(tx, user, kind));
  }
  return out;
}

absl::Status Need(const std::string& user) {
  return user.empty() ? absl::UnauthenticatedError("no principal")
                      : absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> LoadUnsubscribeKey(storage::PgPool* pool) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string candidate = absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  std::string key;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    key = tx.EmailKey("unsubscribe", candidate);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return key;
}

absl::StatusOr<v1::Preferences> GetPreferences(storage::PgPool* pool,
                                               const std::string& user) {
  if (auto s = Need(user); !s.ok()) return s;
  v1::Preferences out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out = Load(tx, user);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseChange(
    const v1::EmailPreferencesChange& change) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [kind, value] :
       std::vector<std::pair<std::string, std::string>>{
           {kReminders, change.reminders()},
           {kReviews, change.reviews()},
           {kPublication, change.publication()},
           {kFollowUps, change.follow_ups()},
           {kGuidance, change.guidance()}}) {
    if (value.empty()) continue;
    auto mode = ParseMode("email." + kind, value);
    if (!mode.ok()) return mode.status();
    out.emplace_back(kind, ModeName(*mode));
  }
  return out;
}

absl::StatusOr<v1::Preferences> UpdatePreferences(
    storage::PgPool* pool, const std::string& user,
    const v1::UpdatePreferencesRequest& req) {
  if (auto s = Need(user); !s.ok()) return s;
  auto change = ParseChange(req.email());
  if (!change.ok()) return change.status();
  Micros now = ToMicros(clock::Now());
  v1::Preferences out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    for (const auto& [kind, mode] : *change)
      tx.SetEmailMode(user, kind, mode, now);
    out = Load(tx, user);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::UnsubscribeResponse> Unsubscribe(storage::PgPool* pool,
                                                    const EmailConfig& config,
                                                    const std::string& token) {
  auto named = ReadUnsubscribeToken(config.unsubscribe_key, token);
  if (!named.ok()) return named.status();
  const auto& [user, kind] = *named;
  Micros now = ToMicros(clock::Now());
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    for (const std::string& k : PreferenceKinds()) {
      // A digest's link ends the digest: each kind that went into it.
      bool digested = kind == kDigest && ModeFor(tx, user, k) ==
                                             v1::EmailPreferences::DAILY_DIGEST;
      if (k == kind || digested) tx.SetEmailMode(user, k, "NONE", now);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  v1::UnsubscribeResponse out;
  out.set_kind(kind);
  return out;
}

absl::StatusOr<v1::ListEmailsResponse> ListEmails(
    storage::PgPool* pool, const rpc::Principal& caller,
    const v1::ListEmailsRequest& req) {
  if (auto s = Need(caller.user_id()); !s.ok()) return s;
  bool admin = rpc::HasRole(caller, directory::v1::ADMIN);
  std::string user = admin ? req.user_id() : caller.user_id();
  if (!req.state().empty() && req.state() != "PENDING" &&
      req.state() != "SENT" && req.state() != "FAILED") {
    return rpc::FieldError("state", "one of PENDING, SENT, FAILED");
  }
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  // A position is "<create time in µs>/<id>" of the last e-mail shown.
  Micros before_time = 0;
  std::string before_id;
  if (!page->after().empty()) {
    std::pair<std::string, std::string> p =
        absl::StrSplit(page->after(), absl::MaxSplits('/', 1));
    if (!absl::SimpleAtoi(p.first, &before_time) || before_time <= 0) {
      return rpc::FieldError("pageToken", "not a token of this list");
    }
    before_id = p.second;
  }
  v1::ListEmailsResponse out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out.Clear();  // the transaction may run again
    for (v1::Email& e : tx.ListEmails(user, req.state(), before_time, before_id,
                                      page->fetch())) {
      *out.add_emails() = std::move(e);
    }
    if (auto next = page->Trim(*out.mutable_emails(), [](const v1::Email& e) {
          return absl::StrCat(
              google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                  e.create_time()),
              "/", e.id());
        })) {
      out.set_next_page_token(*next);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::notification
