// The review service's background work: leases past their deadline go back
// to the queue at their old position (leases.h), reminders and alerts go
// out once each, and Redis is reconciled with the database (queued tasks
// missing from Redis re-added, in every set of the layout, finished or
// cancelled ones removed, holders restored), at start and periodically.
#ifndef BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_
#define BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_

#include <chrono>

#include "libs/metrics/metrics.h"
#include "libs/worker/worker.h"
#include "services/review/leases.h"
#include "services/review/review_deps.h"

namespace briefdesk::review {

class Sweeper {
 public:
  explicit Sweeper(ReviewDeps deps)
      : d_(std::move(deps)),
        leases_(d_),
        worker_([this] { return Step(); }, d_.config.sweep) {}

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

  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }

 private:
  // One sweep: leases, reminders, and a reconcile when one is due.
  worker::Next Step();
  const ReviewDeps d_;
  Leases leases_;
  std::chrono::steady_clock::time_point next_reconcile_ =
      std::chrono::steady_clock::now() + d_.config.reconcile;
  worker::Worker worker_;  // last: its thread stops before the rest goes
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_SWEEPER_H_
