// Domain layer: the worker that sends queued e-mails (the emails and
// email_attempts tables through the store, store.h) and makes the daily
// digests (email_queue.h). Each e-mail is leased (FOR UPDATE SKIP LOCKED,
// for longer than an SMTP send may take), so no two replicas send it while
// both live; rendered from its templates (email_templates.h) with the
// recipient's name, looked up in the directory when the event did not
// carry it; sent through SmtpSender; and marked SENT, retried with backoff
// after UNAVAILABLE until the retry window closes, or FAILED. Its
// Message-ID is made of its id, the same on every try.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_SENDER_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_SENDER_H_

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/clock/clock.h"
#include "libs/mail/message.h"
#include "libs/mail/smtp.h"
#include "libs/metrics/metrics.h"
#include "libs/worker/worker.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// A person's address and name by user id: NOT_FOUND when there is no such
// person, UNAVAILABLE when it cannot be known now.
using UserLookup =
    std::function<absl::StatusOr<mail::Address>(const std::string& user_id)>;

// What a try's result `sent` makes of an e-mail queued at `created`, tried
// for the `attempt`th time at `now`: SENT; PENDING again at `next` after
// UNAVAILABLE while that falls within the retry window; FAILED otherwise.
struct EmailNext {
  std::string state;
  clock::Time next;
};
EmailNext NextEmailState(const absl::Status& sent, int attempt,
                         clock::Time created, clock::Time now,
                         const EmailConfig& config);

// The message of a leased e-mail, to `to`, as Render and Send take it.
absl::StatusOr<mail::Message> ComposeEmail(const DueEmail& e,
                                           const mail::Address& to,
                                           const std::string& from_domain,
                                           const EmailConfig& config);

class EmailSender {
 public:
  // Counts briefdesk_email_attempts_total{outcome} (sent, retry, failed).
  EmailSender(storage::PgPool* pool, EmailConfig config,
              mail::SmtpSettings smtp, UserLookup lookup,
              std::chrono::milliseconds poll, metrics::Registry* metrics);

  // Tries the e-mail due longest, if any: whether there was one.
  absl::StatusOr<bool> SendOne();
  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }
  void Wake() { worker_.Wake(); }

 private:
  worker::Next Step();
  // The outcome of one try of `e`, before it is recorded.
  absl::Status Try(DueEmail& e);
  absl::Status Record(const DueEmail& e, const absl::Status& sent);

  storage::PgPool* pool_;
  EmailConfig config_;
  mail::SmtpSender smtp_;
  std::string from_domain_;
  UserLookup lookup_;
  metrics::Registry* metrics_;
  worker::Worker worker_;  // last: its thread stops before the rest goes
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_SENDER_H_
