// The review service's store: every SQL statement, prepared on each pooled
// connection (PrepareReviewStatements), one file per table: task_store.cc
// (tasks, task_holders), round_store.cc (rounds), review_store.cc (reviews,
// comments), feedback_store.cc (feedback_requests, feedback_comments),
// event_store.cc (the outbox and processed events, libs/outbox).
// The domain sees a transaction as a ReviewTx and never a pqxx type.
#ifndef BRIEFDESK_SERVICES_REVIEW_STORE_H_
#define BRIEFDESK_SERVICES_REVIEW_STORE_H_

#include <array>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/events/v1/events.pb.h"
#include "briefdesk/review/v1/guidance.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "libs/queue/review_queue.h"
#include "libs/storage/idempotency.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx
namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage
namespace briefdesk::outbox {
struct Written;
}  // namespace briefdesk::outbox

namespace briefdesk::review {

void PrepareReviewStatements(pqxx::connection_base& conn);
// Each table's statements (called by PrepareReviewStatements).
void PrepareTaskStatements(pqxx::connection_base& conn);
void PrepareRoundStatements(pqxx::connection_base& conn);
void PrepareReviewRowStatements(pqxx::connection_base& conn);
void PrepareFeedbackStatements(pqxx::connection_base& conn);

// A comment's id, which its thread in the briefs service goes by: the
// review's or the feedback request's id and the comment's place, from 1.
std::string ReviewCommentId(const std::string& review_id, int index);
std::string FeedbackCommentId(const std::string& request_id, int index);

// A request for guidance, with who may not and who may answer it.
struct FeedbackRow {
  v1::FeedbackRequest request;
  std::vector<std::string> author_ids;  // the brief's, never offered to them
  std::vector<std::string> expert_ids;  // the course's, when it was made
};

// "<brief id>:<round>", the queue's name for a round, and back.
std::string RoundKey(const std::string& brief_id, int round);
struct RoundRef {
  std::string brief_id;
  int round = 0;
};
std::optional<RoundRef> ParseRoundKey(const std::string& key);

// A claim the database recorded.
struct ClaimRecord {
  v1::Task task;
  int since_revision = 0;  // the newest revision of the brief they reviewed
};

// What a claim needs to know of a task Redis gave, before it commits.
struct ClaimContext {
  int revision = 0;
  bool queued = false;     // still QUEUED in the database
  int open_claims = 0;     // the expert's
  int since_revision = 0;  // the newest revision of the brief they reviewed
};

// An expert who holds or held a task of an open round.
struct Holder {
  std::string round, expert, task;
};

// A lease past its deadline, as found before its round was locked.
struct DueLease {
  std::string task_id;
  RoundRef round;
};

class ReviewTx {
 public:
  explicit ReviewTx(pqxx::transaction_base& tx) : tx_(tx) {}

  // tasks and task_holders (task_store.cc).
  absl::StatusOr<v1::Task> LoadTask(const std::string& id, bool for_update);
  std::optional<RoundRef> RoundOfTask(const std::string& task_id);
  // Serializes one expert's claims so that the cap holds.
  void LockExpert(const std::string& expert);
  // QUEUED -> CLAIMED by `expert` if they hold fewer than `cap` claims; the
  // holder is recorded. nullopt when the task is not queued or the cap is
  // reached (OpenClaims tells which).
  std::optional<ClaimRecord> ClaimQueued(const std::string& task_id,
                                         const std::string& expert,
                                         const std::string& token,
                                         int64_t lease_seconds, int cap);
  int OpenClaims(const std::string& expert);
  // nullopt when the database has no such task.
  std::optional<ClaimContext> ReadClaimContext(const std::string& task_id,
                                               const std::string& expert);
  bool EverHeld(const std::string& task_id, const std::string& expert);
  bool LeaseLive(const std::string& task_id);
  void RenewLease(const std::string& task_id, int64_t lease_seconds);
  void ReturnToQueue(const std::string& task_id);  // release
  std::vector<DueLease> DueLeases(int limit);
  // CLAIMED past its deadline -> QUEUED; the expert who held it, or nullopt
  // when a renewal or a completion came first.
  std::optional<std::string> ExpireTask(const std::string& task_id);
  void MarkDone(const std::string& task_id);
  int TasksLeft(const RoundRef& round);   // neither done nor cancelled
  bool RoundIdle(const RoundRef& round);  // none claimed or done
  std::string InsertTask(const std::string& id, const RoundRef& round,
                         int revision, const std::string& topic,
                         int64_t* position);
  std::vector<std::string> CancelOpenTasks(const std::string& brief_id);
  absl::StatusOr<queue::QueuedTask> QueueEntry(const std::string& task_id);
  std::vector<queue::QueuedTask> QueuedEntries();
  std::vector<Holder> OpenRoundHolders();
  std::set<std::string> StillQueued(const std::vector<std::string>& ids);
  // The tasks `expert` holds or held, in id order after `after`.
  std::vector<v1::Task> TasksOf(const std::string& expert,
                                const std::string& state,
                                const std::string& after, int limit);
  v1::QueueStats QueueStats();
  // Marks and returns: leases ending within `window_seconds` (with their
  // holder), and tasks queued longer than `age_seconds`.
  std::vector<std::pair<v1::Task, std::string>> LeasesToRemind(
      int64_t window_seconds);
  std::vector<v1::Task> StaleToAlert(int64_t age_seconds);
  // Gauges: queued, claimed, age of the oldest queued in seconds.
  std::array<double, 3> TaskGauges();

  // rounds (round_store.cc).
  // Locks the round's row (before any of its task rows, everywhere);
  // whether it is in review; NOT_FOUND when there is no such round.
  absl::StatusOr<bool> LockRound(const RoundRef& round);
  void SetInReview(const RoundRef& round, bool in_review);
  void CompleteRound(const RoundRef& round);
  int NextRound(const std::string& brief_id);
  void InsertRound(const RoundRef& round, int revision,
                   const std::string& topic,
                   const std::vector<std::string>& authors, int needed);
  // OPEN -> CANCELLED; the round keys.
  std::vector<std::string> CancelRounds(const std::string& brief_id);

  // reviews and comments (review_store.cc).
  void InsertReview(const v1::Review& r);
  std::vector<v1::Review> ReviewsOfBrief(const std::string& brief_id);
  std::vector<v1::Review> ReviewsOfTasks(const std::vector<std::string>& ids);
  // The decisions and reviewers of a round, oldest first.
  std::vector<std::pair<v1::Decision, std::string>> RoundDecisions(
      const RoundRef& round);
  // Reviews stored before their comments went to the briefs service's
  // threads (locked, skipping those another replica holds), and marking
  // them posted.
  std::vector<v1::Review> ReviewsToPost(int limit);
  void MarkCommentsPosted(const std::string& review_id);

  // feedback_requests and feedback_comments (feedback_store.cc); times in
  // microseconds of the service's clock.
  void InsertFeedback(const FeedbackRow& row, int64_t now_us);
  absl::StatusOr<FeedbackRow> LoadFeedback(const std::string& id,
                                           int64_t now_us, bool for_update);
  // OPEN or CLAIMED.
  int WaitingFeedbackOfBrief(const std::string& brief_id);
  // Under a live lease.
  int HeldFeedback(const std::string& expert, int64_t now_us);
  int ClaimableFeedback(const std::string& expert, int64_t now_us);
  // The next request `expert` may answer, claimed; its id.
  std::optional<std::string> ClaimNextFeedback(const std::string& expert,
                                               const std::string& token,
                                               int64_t now_us,
                                               int64_t lease_until_us);
  void RenewFeedback(const std::string& id, int64_t lease_until_us);
  void ReleaseFeedback(const std::string& id, int64_t now_us);
  // `answered`: id, expert_id, note and comments.
  void AnswerFeedback(const v1::FeedbackRequest& answered, int64_t now_us);
  void CancelFeedback(const std::string& id, int64_t now_us);
  // A brief's requests (kBrief), those an expert holds or answered
  // (kExpert), or every one a person asked, is an author of or answered
  // (kPerson): `who`; newest first, after the id `after`.
  enum class FeedbackOwner { kBrief, kExpert, kPerson };
  std::vector<FeedbackRow> FeedbackOf(FeedbackOwner owner,
                                      const std::string& who,
                                      const std::string& after, int limit,
                                      int64_t now_us);

  // idempotency_keys (event_store.cc).
  absl::StatusOr<std::optional<std::string>> FindAnswer(
      const storage::IdempotencyScope& scope);
  void SaveAnswer(const storage::IdempotencyScope& scope,
                  const std::string& answer);

  // The outbox (event_store.cc).
  void Enqueue(const events::v1::Event& e,
               const std::vector<std::string>& destinations,
               outbox::Written* written);
  bool FirstDelivery(const std::string& event_id);

 private:
  void ReadFeedbackComments(v1::FeedbackRequest* r);

  pqxx::transaction_base& tx_;
};

// storage::Transact (libs/storage/transact.h) on this service's unit of
// work: one transaction, which `fn` may see twice.
absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(ReviewTx&)>& fn);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_STORE_H_
