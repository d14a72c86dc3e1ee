// The review queue in Redis (DESIGN.md, "Review queue"). PostgreSQL is the
// source of truth for tasks; Redis holds what makes claiming fast and atomic:
//
//   bd:queue                  ZSET task id -> position (its enqueue order):
//                             every queued task, claimed from by experts who
//                             list no topic
//   bd:queue:topic:<topic>    ZSET task id -> position: the queued tasks of
//                             one topic, claimed from by experts of it
//   bd:task:<id>              HASH topic, authors (",a,b,"), round
//   bd:round:<brief>:<round>  HASH expert -> the task they hold or held
//
// A claim is one Lua script: it looks at the head of each of the expert's
// topic sets (or of bd:queue for an expert of any topic) and takes the
// oldest task they are eligible for (not a brief they co-authored, no second
// task of a round); only such tasks are skipped, so the cost of a claim does
// not grow with the tasks of other topics. The task leaves both sets and its
// hash, and the round records the expert. Adding and removing keep the sets
// in step in one script each. Leases, tokens and the cap live in PostgreSQL.
//
// A Redis written by a version that kept only bd:queue and the hashes has
// no topic sets: Ensure (reconciliation) adds what is missing, and a claim
// drops a topic-set entry that bd:queue no longer has.
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

// A task a claim took out of the queue: everything needed to put it back.
using Claimed = QueuedTask;

class ReviewQueue {
 public:
  // `connections`: how many commands may be in flight at once (each on its
  // own connection), so that concurrent claims share Redis's fsyncs instead
  // of queueing behind one another.
  ReviewQueue(std::string host, int port,
              std::chrono::milliseconds timeout = std::chrono::seconds(2),
              int connections = 4);
  ~ReviewQueue();
  ReviewQueue(const ReviewQueue&) = delete;
  ReviewQueue& operator=(const ReviewQueue&) = delete;

  // Adds (or re-adds at its old position) a queued task.
  absl::Status Add(const QueuedTask& task);
  // Add for many tasks, skipping what is already there (reconciliation);
  // returns how many were missing from bd:queue.
  absl::StatusOr<int> Ensure(const std::vector<QueuedTask>& tasks);
  // Removes a task from the queue (done, cancelled, or claimed elsewhere).
  absl::Status Remove(const std::string& task_id);

  // The oldest task `expert` may take, removed from the queue; nullopt when
  // none. `topics` empty means any topic.
  absl::StatusOr<std::optional<Claimed>> Claim(
      const std::string& expert, const std::vector<std::string>& topics);
  // Puts back a claimed task that the database did not record (the expert
  // was at the cap): at its position, with the round forgetting the expert.
  absl::Status Unclaim(const Claimed& claimed, const std::string& expert);
  // Undoes the round record of a claim the database refused.
  absl::Status ForgetHolder(const std::string& round, const std::string& expert,
                            const std::string& task_id);
  // Records that `expert` holds or held `task_id` in `round` (reconcile).
  absl::Status RecordHolder(const std::string& round, const std::string& expert,
                            const std::string& task_id);
  // Drops a finished round's holders.
  absl::Status ForgetRound(const std::string& round);

  // Every queued task id with its position (for reconciliation).
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> Snapshot();

  // How many tasks wait in the queue.
  absl::StatusOr<int64_t> Depth();

  absl::Status Ping();

 private:
  struct Connection {
    std::mutex mu;
    redisContext* ctx = nullptr;
  };
  // Runs a command given as arguments on a free connection, reconnecting
  // once if the connection broke. UNAVAILABLE when Redis cannot be reached.
  absl::StatusOr<std::shared_ptr<redisReply>> Command(
      const std::vector<std::string>& args);
  absl::StatusOr<std::shared_ptr<redisReply>> CommandOn(
      Connection& c, const std::vector<std::string>& args);
  absl::Status Connect(Connection& c);

  const std::string host_;
  const int port_;
  const std::chrono::milliseconds timeout_;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace briefdesk::queue

#endif  // BRIEFDESK_LIBS_QUEUE_REVIEW_QUEUE_H_
