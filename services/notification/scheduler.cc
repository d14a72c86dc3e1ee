// Domain layer: the follow-up reminders that fall due, written as
// notifications (scheduler.h); tables through the store (store.h).
#include "services/notification/scheduler.h"

#include "absl/strings/str_cat.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/notification/email_queue.h"
#include "services/notification/inbox.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {

absl::StatusOr<int> Scheduler::SendDue() {
  std::vector<std::string> users;  // whose streams to wake
  bool deliveries = false;         // whether webhooks have work
  bool emails = false;             // whether e-mail has work
  int sent = 0;
  absl::Status s = Transact(pool_, [&](NotificationTx& tx) {
    users.clear();  // the transaction may run again
    deliveries = false;
    emails = false;
    tx.LockWrites();
    std::vector<DueFollowup> due = tx.TakeDueFollowups();
    for (const DueFollowup& f : due) {
      events::v1::Event e;
      outbox::SetType(&e, events::v1::FOLLOWUP_DUE);
      e.set_id("followup:" + f.id);
      e.set_brief_id(f.brief_id);
      e.mutable_brief_changed()->set_author_id(f.user_id);
      e.mutable_brief_changed()->set_note(
          absl::StrCat("follow-up ", f.number, " of ", config_.followup_count));
      Text text = Describe(e, f.title);
      users.push_back(f.user_id);
      // The follow-up's id is the event id: one notification per reminder.
      deliveries |= WriteNotification(
          tx, f.user_id, e.id(), std::string(outbox::EventTypeName(e.type())),
          f.brief_id, text.title, text.body);
      emails |= QueueEmails(
          tx, config_.email, e.id(),
          EmailsFor(e, text, f.title, config_.email.public_url), clock::Now());
    }
    sent = static_cast<int>(due.size());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (sent > 0) hub_->Notify(users);
  if (deliveries) wake_webhooks_();
  if (emails) wake_emails_();
  return sent;
}

worker::Next Scheduler::Step() {
  if (auto n = SendDue(); !n.ok()) {
    logging::Warn("followups_failed",
                  {{"error", std::string(n.status().message())}});
  }
  return worker::Next::kSleep;
}

}  // namespace briefdesk::notification
