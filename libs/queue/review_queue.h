// The review queue in Redis (DESIGN.md, "Review queue"). PostgreSQL is the
// source of truth for tasks; Redis holds what makes claiming fast and atomic:
//
//   bd:queue                  ZSET task id -> position (its enqueue order)
//   bd:task:<id>              HASH topic, authors (",a,b,"), round
//   bd:round:<brief>:<round>  HASH expert -> the task they hold or held
//
// A claim is one Lua script: the oldest queued task the expert is eligible
// for (a topic of theirs or any when they list none; not a brief they
// co-authored; no second task of a round) leaves the queue and the round
// records the expert. Leases, tokens and the cap live in PostgreSQL.
#ifndef BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_H_
#define BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_H_

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::queue {

struct QueuedTask {
  std::string id;
  int64_t position = 0;  // lower is older
  std::string topic;
  std::vector<std::string> author_ids;
  std::string round;  // "<brief id>:<round number>"
};

struct Claimed {
  std::string task_id;
  std::string round;
};

class ReviewQueue {
 public:
  ReviewQueue(std::string host, int port,
              std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~ReviewQueue();

  // Adds (or re-adds at its old position) a queued task.
  absl::Status Add(const QueuedTask& task);
  // Removes a task from the queue (done, cancelled, or claimed elsewhere).
  absl::Status Remove(const std::string& task_id);

  // The oldest task `expert` may take, removed from the queue; nullopt when
  // none. `topics` empty means any topic.
  absl::StatusOr<std::optional<Claimed>> Claim(
      const std::string& expert, const std::vector<std::string>& topics);
  // Undoes the round record of a claim the database refused.
  absl::Status ForgetHolder(const std::string& round,
                            const std::string& expert,
                            const std::string& task_id);
  // Records that `expert` holds or held `task_id` in `round` (reconcile).
  absl::Status RecordHolder(const std::string& round,
                            const std::string& expert,
                            const std::string& task_id);
  // Drops a finished round's holders.
  absl::Status ForgetRound(const std::string& round);

  // Every queued task id with its position (for reconciliation).
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> Snapshot();

  // How many tasks wait in the queue.
  absl::StatusOr<int64_t> Depth();

  absl::Status Ping();

 private:
  // Runs a command given as arguments, reconnecting once if the connection
  // broke. UNAVAILABLE when Redis cannot be reached.
  absl::StatusOr<std::shared_ptr<redisReply>> Command(
      const std::vector<std::string>& args);
  absl::Status Connect();

  const std::string host_;
  const int port_;
  const std::chrono::milliseconds timeout_;
  std::mutex mu_;  // one connection, one command at a time
  redisContext* ctx_ = nullptr;
};

}  // namespace briefdesk::queue

#endif  // BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_H_
