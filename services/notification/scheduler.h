// Sends the follow-up reminders that fall due. Schedules live in the
// database, so they survive restarts; several replicas share the work
// (FOR UPDATE SKIP LOCKED), each reminder sent once.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/notification/notification_service.h"

namespace briefdesk::notification {

class Scheduler {
 public:
  Scheduler(storage::PgPool* pool, Hub* hub, NotificationConfig config,
            std::function<void()> wake_webhooks,
            std::chrono::milliseconds period)
      : pool_(pool), hub_(hub), config_(config),
        wake_webhooks_(std::move(wake_webhooks)), period_(period) {}
  ~Scheduler() { Stop(); }

  // Sends what is due now; how many.
  absl::StatusOr<int> SendDue();
  void Start();
  void Stop();

 private:
  storage::PgPool* pool_;
  Hub* hub_;
  NotificationConfig config_;
  std::function<void()> wake_webhooks_;
  std::chrono::milliseconds period_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_SCHEDULER_H_
