#include "services/review/sweeper.h"

#include <array>
#include <set>

#include "absl/strings/str_join.h"
#include "libs/logging/logging.h"
#include "services/review/review_store.h"

namespace briefdesk::review {

absl::StatusOr<int> Sweeper::ExpireLeases() {
  std::vector<std::string> expired;
  auto done = d_.pool->Run<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    expired.clear();
    pqxx::result due = tx.exec(
        "SELECT id, brief_id, round FROM tasks WHERE state = 'CLAIMED' AND "
        "lease_expire_time < now() ORDER BY lease_expire_time LIMIT 100");
    for (const auto& row : due) {
      // Round, then task, as everywhere; the lease is checked again under
      // the locks: a renewal may have come first.
      LockRound(tx, row[1].as<std::string>(), row[2].as<int>());
      pqxx::result r = tx.exec_params(
          "WITH old AS (SELECT claimed_by FROM tasks WHERE id = $1 FOR UPDATE) "
          "UPDATE tasks SET state = 'QUEUED', claimed_by = NULL, "
          "claim_token = NULL, lease_expire_time = NULL FROM old "
          "WHERE id = $1 AND state = 'CLAIMED' AND lease_expire_time < now() "
          "RETURNING old.claimed_by",
          row[0].as<std::string>());
      if (r.empty()) continue;
      auto task = LoadTask(tx, row[0].as<std::string>(), false);
      if (!task.ok()) return task.status();
      AnnounceBySystem(tx, d_, "review.expired", *task,
                       r[0][0].as<std::string>());
      RequeueRoundIfIdle(tx, d_, *task);
      expired.push_back(task->id());
    }
    return static_cast<int>(expired.size());
  });
  if (!done.ok() || *done == 0) return done;
  for (const std::string& id : expired) {
    auto entry = d_.pool->Run<queue::QueuedTask>(
        [&](pqxx::work& tx) { return QueueEntry(tx, id); });
    if (entry.ok()) (void)d_.queue->Add(*entry);  // else: reconcile
  }
  d_.wake();
  return done;
}

absl::StatusOr<int> Sweeper::Remind() {
  auto sent = d_.pool->Run<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    int n = 0;
    for (const auto& row : tx.exec_params(
             "UPDATE tasks SET lease_reminded = true WHERE id IN (SELECT id "
             "FROM tasks WHERE state = 'CLAIMED' AND NOT lease_reminded AND "
             "lease_expire_time < now() + $1 * interval '1 second' "
             "FOR UPDATE SKIP LOCKED) RETURNING id, claimed_by",
             static_cast<int64_t>(d_.config.lease_reminder.count()))) {
      auto task = LoadTask(tx, row[0].as<std::string>(), false);
      if (!task.ok()) return task.status();
      AnnounceBySystem(tx, d_, "review.lease_ending", *task,
                       row[1].as<std::string>());
      ++n;
    }
    for (const auto& row : tx.exec_params(
             "UPDATE tasks SET stale_alerted = true WHERE id IN (SELECT id "
             "FROM tasks WHERE state = 'QUEUED' AND NOT stale_alerted AND "
             "create_time < now() - $1 * interval '1 second' "
             "FOR UPDATE SKIP LOCKED) RETURNING id",
             static_cast<int64_t>(d_.config.queue_alert.count()))) {
      auto task = LoadTask(tx, row[0].as<std::string>(), false);
      if (!task.ok()) return task.status();
      AnnounceBySystem(tx, d_, "review.queue_stale", *task, "");
      ++n;
    }
    return n;
  });
  if (sent.ok() && *sent > 0) d_.wake();
  return sent;
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
    // Open tasks only, through the partial indexes: finished ones pile up
    // for ever and would make every scrape a scan of the table.
    auto row = d_.pool->Run<std::array<double, 3>>(
        [](pqxx::work& tx) -> absl::StatusOr<std::array<double, 3>> {
          pqxx::row r = tx.exec1(
              "SELECT count(*) FILTER (WHERE state = 'QUEUED'), "
              "count(*) FILTER (WHERE state = 'CLAIMED'), "
              "coalesce(extract(epoch FROM now() - min(create_time) FILTER "
              "(WHERE state = 'QUEUED')), 0) FROM tasks WHERE state IN "
              "('QUEUED', 'CLAIMED')");
          return std::array<double, 3>{r[0].as<double>(), r[1].as<double>(),
                                       r[2].as<double>()};
        });
    if (!row.ok()) {
      logging::Warn("metrics_tasks_failed",
                    {{"error", std::string(row.status().message())}});
      return;
    }
    m->Set("briefdesk_review_tasks", "state=\"QUEUED\"", (*row)[0]);
    m->Set("briefdesk_review_tasks", "state=\"CLAIMED\"", (*row)[1]);
    m->Set("briefdesk_review_oldest_queued_age_seconds", "", (*row)[2]);
  });
}

absl::Status Sweeper::Reconcile() {
  struct Holder {
    std::string round, expert, task;
  };
  std::vector<queue::QueuedTask> queued;
  std::vector<Holder> holders;
  absl::Status read =
      d_.pool
          ->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
            queued = QueuedEntries(tx);
            holders.clear();
            for (const auto& row :
                 tx.exec("SELECT t.brief_id, t.round, h.expert_id, t.id FROM "
                         "task_holders h "
                         "JOIN tasks t ON t.id = h.task_id JOIN rounds r "
                         "USING (brief_id, round) WHERE r.state = 'OPEN'")) {
              holders.push_back(
                  {RoundKey(row[0].as<std::string>(), row[1].as<int>()),
                   row[2].as<std::string>(), row[3].as<std::string>()});
            }
            return true;
          })
          .status();
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
  int added = 0;
  std::set<std::string> present;
  for (const auto& [id, position] : *in_redis) present.insert(id);
  for (const auto& q : queued) {
    if (absl::Status s = d_.queue->Add(q); !s.ok()) return s;
    added += !present.count(q.id);
  }
  // Only what the database, asked again now, does not queue leaves Redis: a
  // task released since the first read stays.
  int removed = 0;
  if (!extra.empty()) {
    auto still = d_.pool->Run<std::set<std::string>>(
        [&](pqxx::work& tx) -> absl::StatusOr<std::set<std::string>> {
          std::set<std::string> out;
          for (const auto& row :
               tx.exec_params("SELECT id FROM tasks WHERE state = 'QUEUED' AND "
                              "id = ANY (string_to_array($1, ','))",
                              absl::StrJoin(extra, ","))) {
            out.insert(row[0].as<std::string>());
          }
          return out;
        });
    if (!still.ok()) return still.status();
    for (const std::string& id : extra) {
      if (still->count(id)) continue;
      if (absl::Status s = d_.queue->Remove(id); !s.ok()) return s;
      ++removed;
    }
  }
  if (added > 0 || removed > 0) {
    logging::Info("queue_reconciled", {{"added", std::to_string(added)},
                                       {"removed", std::to_string(removed)}});
  }
  return absl::OkStatus();
}

void Sweeper::Start() {
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void Sweeper::Stop() {
  if (!running_.exchange(false)) return;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sweeper::Run() {
  auto next_reconcile = std::chrono::steady_clock::now() + d_.config.reconcile;
  while (running_) {
    if (auto n = ExpireLeases(); !n.ok()) {
      logging::Warn("lease_sweep_failed",
                    {{"error", std::string(n.status().message())}});
    }
    if (auto n = Remind(); !n.ok()) {
      logging::Warn("reminders_failed",
                    {{"error", std::string(n.status().message())}});
    }
    if (std::chrono::steady_clock::now() >= next_reconcile) {
      if (absl::Status s = Reconcile(); !s.ok()) {
        logging::Warn("reconcile_failed",
                      {{"error", std::string(s.message())}});
      }
      next_reconcile = std::chrono::steady_clock::now() + d_.config.reconcile;
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, d_.config.sweep, [this] { return !running_; });
  }
}

}  // namespace briefdesk::review
