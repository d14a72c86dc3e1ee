// Sends the follow-up reminders that fall due. Schedules live in the
// database, so they survive restarts; several replicas share the work
// (FOR UPDATE SKIP LOCKED), each reminder sent once.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_

#include <chrono>
#include <functional>

#include "absl/status/statusor.h"
#include "libs/worker/worker.h"
#include "services/notification/hub.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

class Scheduler {
 public:
  Scheduler(
      storage::PgPool* pool, Hub* hub, NotificationConfig config,
      std::function<void()> wake_webhooks, std::chrono::milliseconds period,
      std::function<void()> wake_emails = [] {})
      : pool_(pool),
        hub_(hub),
        config_(config),
        wake_webhooks_(std::move(wake_webhooks)),
        wake_emails_(std::move(wake_emails)),
        worker_([this] { return Step(); }, period) {}

  // Sends what is due now; how many.
  absl::StatusOr<int> SendDue();
  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }

 private:
  worker::Next Step();

  storage::PgPool* pool_;
  Hub* hub_;
  NotificationConfig config_;
  std::function<void()> wake_webhooks_;
  std::function<void()> wake_emails_;
  worker::Worker worker_;  // last: its thread stops before the rest goes
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_
