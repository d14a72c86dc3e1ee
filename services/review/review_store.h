// SQL access for the review service; every function runs in the caller's
// transaction.
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEW_STORE_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEW_STORE_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/review/v1/review.pb.h"
#include "libs/queue/review_queue.h"

namespace briefdesk::review {

void PrepareReviewStatements(pqxx::connection& conn);

// "<brief id>:<round>", the queue's name for a round.
std::string RoundKey(const std::string& brief_id, int round);

absl::StatusOr<v1::Task> LoadTask(pqxx::work& tx, const std::string& id,
                                  bool for_update);
// The queue entry of a task (its position, topic, authors, round).
absl::StatusOr<queue::QueuedTask> QueueEntry(pqxx::work& tx,
                                             const std::string& task_id);
// Every QUEUED task's queue entry, for reconciliation.
std::vector<queue::QueuedTask> QueuedEntries(pqxx::work& tx);

// Serializes the work on one round (claims, releases, expiries, reviews) so
// that "is the round idle" and "is it complete" are decided on what the
// others committed. Always taken before any task row of the round.
void LockRound(pqxx::work& tx, const std::string& brief_id, int round);
// The same, for a task id (its round looked up first).
absl::Status LockRoundOf(pqxx::work& tx, const std::string& task_id);

int OpenClaims(pqxx::work& tx, const std::string& expert);
bool EverHeld(pqxx::work& tx, const std::string& task_id,
              const std::string& expert);
// The newest revision of the brief the expert reviewed; 0 for none.
int LastReviewedRevision(pqxx::work& tx, const std::string& expert,
                         const std::string& brief_id);
// True when no task of the round is claimed or done any more.
bool RoundIdle(pqxx::work& tx, const std::string& brief_id, int round);

void InsertReview(pqxx::work& tx, const v1::Review& r);
// Reviews with their comments, by brief (oldest first) or by reviewer.
std::vector<v1::Review> ReviewsOfBrief(pqxx::work& tx,
                                       const std::string& brief_id);
std::vector<v1::Review> ReviewsOfTasks(pqxx::work& tx,
                                       const std::vector<std::string>& ids);

v1::Task ReadTask(const pqxx::row& row);
extern const char kTaskColumns[];

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEW_STORE_H_
