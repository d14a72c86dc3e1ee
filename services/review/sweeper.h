// The review service's background work: leases past their deadline go back
// to the queue at their old position (leases.h), reminders and alerts go
// out once each, and Redis is reconciled with the database (queued tasks
// missing from Redis re-added, in every set of the layout, finished or
// cancelled ones removed, holders restored), at start and periodically.
#ifndef BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_
#define BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "libs/metrics/metrics.h"
#include "services/review/leases.h"
#include "services/review/review_deps.h"

namespace briefdesk::review {

class Sweeper {
 public:
  explicit Sweeper(ReviewDeps deps) : d_(std::move(deps)), leases_(d_) {}
  ~Sweeper() { Stop(); }

  // Expired leases back to the queue; returns how many.
  absl::StatusOr<int> ExpireLeases() { return leases_.ExpireDue(); }
  // review.lease_ending for leases within the reminder window, and
  // review.queue_stale for tasks queued longer than the alert age; each once.
  absl::StatusOr<int> Remind();
  // Redis made to agree with the database.
  absl::Status Reconcile();

  // At every scrape of `metrics`: briefdesk_review_queue_depth (Redis),
  // briefdesk_review_tasks{state="QUEUED"|"CLAIMED"} and
  // briefdesk_review_oldest_queued_age_seconds (PostgreSQL).
  void ExportQueueMetrics(metrics::Registry* metrics);

  void Start();
  void Stop();

 private:
  void Run();
  const ReviewDeps d_;
  Leases leases_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_
