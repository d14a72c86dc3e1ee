// Review rounds: opened by a submission, cancelled by a withdrawal, back to
// SUBMITTED when every claim of it was released or expired, concluded by
// its last review (DESIGN.md).
#ifndef BRIEFDESK_SERVICES_REVIEW_ROUNDS_H_
#define BRIEFDESK_SERVICES_REVIEW_ROUNDS_H_

#include <string>
#include <vector>

#include "briefdesk/events/v1/events.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// What to change in Redis once the transaction committed.
struct QueueChanges {
  std::vector<queue::QueuedTask> add;
  std::vector<std::string> remove;
  std::vector<std::string> forget_rounds;
};

// brief.submitted: a new round of the configured number of tasks.
void OpenRound(ReviewTx& tx, const ReviewDeps& d, const events::v1::Event& e,
               QueueChanges* changes);
// brief.withdrawn: the open tasks and rounds of the brief are cancelled.
void CancelRounds(ReviewTx& tx, const events::v1::Event& e,
                  QueueChanges* changes);

// With the round locked (`in_review` as the lock read it): when no task of
// it is claimed or done any more, the brief goes back to SUBMITTED.
void RequeueRoundIfIdle(ReviewTx& tx, const ReviewDeps& d, const v1::Task& t,
                        bool in_review, outbox::Written* written = nullptr);

// With the round locked, after `t` was done: the last review concludes the
// round (review.round_completed). True when it did.
bool ConcludeRoundIfLast(ReviewTx& tx, const ReviewDeps& d, const v1::Task& t,
                         const std::string& actor, outbox::Written* written);

// Applies brief.* events once each, in order, in one transaction; the Redis
// changes after the commit.
absl::Status ApplyBriefEvents(
    const ReviewDeps& d, const std::vector<const events::v1::Event*>& events);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_ROUNDS_H_
