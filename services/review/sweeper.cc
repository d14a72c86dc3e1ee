#include "services/review/sweeper.h"

#include <set>

#include "libs/logging/logging.h"
#include "services/review/comment_posts.h"
#include "services/review/events.h"
#include "services/review/store.h"

namespace briefdesk::review {

absl::StatusOr<int> Sweeper::Remind() {
  int n = 0;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
    n = 0;
    for (const auto& [task, holder] :
         tx.LeasesToRemind(d_.config.lease_reminder.count())) {
      AnnounceBySystem(tx, d_, events::v1::REVIEW_LEASE_ENDING, task, holder);
      ++n;
    }
    for (const v1::Task& task :
         tx.StaleToAlert(d_.config.queue_alert.count())) {
      AnnounceBySystem(tx, d_, events::v1::REVIEW_QUEUE_STALE, task, "");
      ++n;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (n > 0) d_.wake();
  return n;
}

void Sweeper::ExportQueueMetrics(metrics::Registry* m) {
  m->Describe("briefdesk_review_queue_depth", "gauge",
              "Tasks waiting in the Redis review queue.");
  m->Describe("briefdesk_review_tasks", "gauge",
              "Open review tasks in the database: QUEUED or CLAIMED.");
  m->Describe("briefdesk_review_oldest_queued_age_seconds", "gauge",
              "Age of the oldest task waiting for an expert (0 when none).");
  m->OnScrape([this, m] {
    if (auto depth = d_.queue->Depth(); depth.ok()) {
      m->Set("briefdesk_review_queue_depth", "", static_cast<double>(*depth));
    } else {
      logging::Warn("metrics_queue_failed",
                    {{"error", std::string(depth.status().message())}});
    }
    std::array<double, 3> row{};
    absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
      row = tx.TaskGauges();
      return absl::OkStatus();
    });
    if (!s.ok()) {
      logging::Warn("metrics_tasks_failed",
                    {{"error", std::string(s.message())}});
      return;
    }
    m->Set("briefdesk_review_tasks", "state=\"QUEUED\"", row[0]);
    m->Set("briefdesk_review_tasks", "state=\"CLAIMED\"", row[1]);
    m->Set("briefdesk_review_oldest_queued_age_seconds", "", row[2]);
  });
}

absl::Status Sweeper::Reconcile() {
  std::vector<queue::QueuedTask> queued;
  std::vector<Holder> holders;
  absl::Status read = Transact(d_.pool, [&](ReviewTx& tx) {
    queued = tx.QueuedEntries();
    holders = tx.OpenRoundHolders();
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  auto in_redis = d_.queue->Snapshot();
  if (!in_redis.ok()) return in_redis.status();
  std::set<std::string> should;
  for (const auto& q : queued) should.insert(q.id);
  std::vector<std::string> extra;
  for (const auto& [id, position] : *in_redis) {
    if (!should.count(id)) extra.push_back(id);
  }
  // Holders first, so no re-added task is open to a second expert of a round.
  for (const Holder& h : holders) {
    if (absl::Status s = d_.queue->RecordHolder(h.round, h.expert, h.task);
        !s.ok()) {
      return s;
    }
  }
  // Every set of the layout, so a Redis of an older layout (bd:queue only)
  // gets its topic sets here.
  auto added = d_.queue->Ensure(queued);
  if (!added.ok()) return added.status();
  // Only what the database, asked again now, does not queue leaves Redis: a
  // task released since the first read stays.
  int removed = 0;
  if (!extra.empty()) {
    std::set<std::string> still;
    absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
      still = tx.StillQueued(extra);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    for (const std::string& id : extra) {
      if (still.count(id)) continue;
      if (absl::Status s = d_.queue->Remove(id); !s.ok()) return s;
      ++removed;
    }
  }
  if (*added > 0 || removed > 0) {
    logging::Info("queue_reconciled", {{"added", std::to_string(*added)},
                                       {"removed", std::to_string(removed)}});
  }
  return absl::OkStatus();
}

worker::Next Sweeper::Step() {
  if (auto n = ExpireLeases(); !n.ok()) {
    logging::Warn("lease_sweep_failed",
                  {{"error", std::string(n.status().message())}});
  }
  if (auto n = Remind(); !n.ok()) {
    logging::Warn("reminders_failed",
                  {{"error", std::string(n.status().message())}});
  }
  if (auto n = PostEarlierReviews(d_, 100); !n.ok()) {
    logging::Warn("comment_posting_failed",
                  {{"error", std::string(n.status().message())}});
  } else if (*n == 100) {
    return worker::Next::kAgain;  // more of the backlog waits
  }
  if (std::chrono::steady_clock::now() >= next_reconcile_) {
    if (absl::Status s = Reconcile(); !s.ok()) {
      logging::Warn("reconcile_failed", {{"error", std::string(s.message())}});
    }
    next_reconcile_ = std::chrono::steady_clock::now() + d_.config.reconcile;
  }
  return worker::Next::kSleep;
}

}  // namespace briefdesk::review
