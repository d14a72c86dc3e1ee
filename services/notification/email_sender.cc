#include "services/notification/email_sender.h"

#include <boost/json.hpp>

#include "absl/strings/str_cat.h"
#include "libs/logging/logging.h"
#include "services/notification/email_kinds.h"
#include "services/notification/email_queue.h"
#include "services/notification/email_templates.h"

namespace briefdesk::notification {
namespace {

namespace json = boost::json;

std::string UnsubscribeUrl(const DueEmail& e, const EmailConfig& config) {
  return absl::StrCat(
      config.public_url, "/v1/email:unsubscribe?token=",
      UnsubscribeToken(config.unsubscribe_key, e.user_id, e.kind));
}

}  // namespace

EmailNext NextEmailState(const absl::Status& sent, int attempt,
                         clock::Time created, clock::Time now,
                         const EmailConfig& config) {
  if (sent.ok()) return {"SENT", now};
  if (sent.code() != absl::StatusCode::kUnavailable) return {"FAILED", now};
  clock::Time next =
      now + EmailBackoff(attempt, config.backoff_base, config.backoff_max);
  if (next > created + config.retry_window) return {"FAILED", now};
  return {"PENDING", next};
}

absl::StatusOr<mail::Message> ComposeEmail(const DueEmail& e,
                                           const mail::Address& to,
                                           const std::string& from_domain,
                                           const EmailConfig& config) {
  boost::system::error_code ec;
  json::value v = json::parse(e.data, ec);
  if (ec || !v.is_object()) return absl::InternalError("bad e-mail data");
  json::object& data = v.as_object();
  data["name"] = to.name.empty() ? to.email : to.name;
  bool unsubscribe = !IsAccountEmail(e.kind) && !e.user_id.empty();
  if (unsubscribe) data["unsubscribeUrl"] = UnsubscribeUrl(e, config);
  auto r = RenderEmail(e.kind, e.language, json::serialize(v));
  if (!r.ok()) return r.status();
  mail::Message m;
  m.to = to;
  m.subject = r->subject;
  m.text = r->text;
  m.html = r->html;
  m.language = r->language;
  m.message_id = absl::StrCat("<", e.id, "@", from_domain, ">");
  m.date = clock::Now();
  if (unsubscribe) {
    m.headers = {{"List-Unsubscribe", "<" + UnsubscribeUrl(e, config) + ">"},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  }
  return m;
}

EmailSender::EmailSender(storage::PgPool* pool, EmailConfig config,
                         mail::SmtpSettings smtp, UserLookup lookup,
                         std::chrono::milliseconds poll,
                         metrics::Registry* metrics)
    : pool_(pool),
      config_(std::move(config)),
      smtp_(smtp),
      from_domain_(smtp.from.email.substr(smtp.from.email.find('@') + 1)),
      lookup_(std::move(lookup)),
      metrics_(metrics),
      worker_([this] { return Step(); }, poll) {
  metrics_->Describe("briefdesk_email_attempts_total", "counter",
                     "E-mail sending attempts, by outcome: sent, retry "
                     "(tried again later) or failed (given up).");
}

absl::StatusOr<bool> EmailSender::SendOne() {
  std::optional<DueEmail> due;
  absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
    due = tx.LeaseDueEmail(ToMicros(clock::Now()), config_.lease.count());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!due.has_value()) return false;
  absl::Status sent = Try(*due);
  if (absl::Status r = Record(*due, sent); !r.ok()) return r;
  return true;
}

absl::Status EmailSender::Try(DueEmail& e) {
  mail::Address to{e.to_email, e.to_name};
  if (to.email.empty()) {
    auto found = lookup_(e.user_id);
    if (!found.ok()) return found.status();
    if (found->email.empty()) {
      return absl::FailedPreconditionError("the person has no e-mail address");
    }
    to = *found;
    absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
      tx.SetEmailAddress(e.id, to.email, to.name);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    e.to_email = to.email;
  }
  auto m = ComposeEmail(e, to, from_domain_, config_);
  if (!m.ok()) return absl::FailedPreconditionError(m.status().message());
  return smtp_.Send(*m);
}

absl::Status EmailSender::Record(const DueEmail& e, const absl::Status& sent) {
  int attempt = e.attempts + 1;
  clock::Time now = clock::Now();
  clock::Time created{std::chrono::microseconds(e.create_time)};
  EmailNext next = NextEmailState(sent, attempt, created, now, config_);
  absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
    tx.RecordEmailAttempt(e.id, attempt, next.state,
                          std::string(sent.message()), ToMicros(now),
                          ToMicros(next.next));
    return absl::OkStatus();
  });
  if (s.ok()) {
    std::string outcome = next.state == "SENT"      ? "sent"
                          : next.state == "PENDING" ? "retry"
                                                    : "failed";
    metrics_->Count("briefdesk_email_attempts_total",
                    "outcome=\"" + outcome + "\"");
    if (!sent.ok()) {
      logging::Warn("email_not_sent", {{"email", e.id},
                                       {"outcome", outcome},
                                       {"error", std::string(sent.message())}});
    }
  }
  return s;
}

worker::Next EmailSender::Step() {
  if (auto d = MakeDueDigests(pool_, config_, clock::Now()); !d.ok()) {
    logging::Warn("digests_failed",
                  {{"error", std::string(d.status().message())}});
  }
  auto tried = SendOne();
  if (!tried.ok()) {
    // The lease runs out and the e-mail is tried again.
    logging::Warn("email_send_failed",
                  {{"error", std::string(tried.status().message())}});
    return worker::Next::kSleep;
  }
  return *tried ? worker::Next::kAgain : worker::Next::kSleep;
}

}  // namespace briefdesk::notification
