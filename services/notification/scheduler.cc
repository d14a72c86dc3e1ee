#include "services/notification/scheduler.h"

#include "absl/strings/str_cat.h"
#include "libs/logging/logging.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {

absl::StatusOr<int> Scheduler::SendDue() {
  std::vector<std::string> users;  // whose streams to wake
  bool deliveries = false;         // whether webhooks have work
  auto sent = pool_->Run<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    users.clear();  // the transaction may run again
    deliveries = false;
    LockWrites(tx);
    pqxx::result due = tx.exec(
        "UPDATE followups SET state = 'SENT' WHERE id IN (SELECT id FROM "
        "followups WHERE state = 'PENDING' AND due_time <= now() "
        "ORDER BY due_time LIMIT 100 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, brief_id, user_id, number, title");
    for (const auto& row : due) {
      events::v1::Event e;
      outbox::SetType(&e, events::v1::FOLLOWUP_DUE);
      e.mutable_brief_changed()->set_note(absl::StrCat(
          "follow-up ", row[3].as<int>(), " of ", config_.followup_count));
      Text text = Describe(e, row[4].as<std::string>());
      users.push_back(row[2].as<std::string>());
      // The follow-up's id is the event id: one notification per reminder.
      deliveries |= WriteNotification(
          tx, row[2].as<std::string>(), "followup:" + row[0].as<std::string>(),
          std::string(outbox::EventTypeName(e.type())),
          row[1].as<std::string>(), text.title, text.body);
    }
    return static_cast<int>(due.size());
  });
  if (sent.ok() && *sent > 0) hub_->Notify(users);
  if (sent.ok() && deliveries) wake_webhooks_();
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
