#include "services/briefs/review_events.h"

#include <string>
#include <vector>

#include "libs/logging/logging.h"
#include "libs/outbox/event_types.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/comments.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/reviewer_store.h"
#include "services/briefs/transitions.h"

namespace briefdesk::briefs {
namespace {

using workflow::Action;

workflow::ReviewDecision ToWorkflow(review::v1::Decision d) {
  if (d == review::v1::APPROVE) return workflow::ReviewDecision::kApprove;
  if (d == review::v1::REJECT) return workflow::ReviewDecision::kReject;
  return workflow::ReviewDecision::kRequestChanges;
}

// Applies one event in `tx`; true when the brief changed state.
absl::StatusOr<bool> ApplyIn(Tx& tx, const events::v1::Event& e,
                             const std::vector<std::string>& destinations) {
  workflow::Context context;
  events::v1::EventType type = outbox::TypeOf(e);
  if (type == events::v1::REVIEW_CLAIMED) {
    AddReviewer(tx, e.brief_id(), e.task().expert_id());
    if (!e.task().first_of_round()) return false;
    return ApplySystemAction(tx, e.brief_id(), Action::kStartReview, context,
                             rpc::kReviewService, destinations);
  }
  if (type == events::v1::REVIEW_ROUND_REQUEUED) {
    return ApplySystemAction(tx, e.brief_id(), Action::kRequeue, context,
                             rpc::kReviewService, destinations);
  }
  if (type == events::v1::REVIEW_ROUND_COMPLETED) {
    std::vector<workflow::ReviewDecision> decisions;
    for (review::v1::Decision d : outbox::DecisionsOf(e.round_completed())) {
      decisions.push_back(ToWorkflow(d));
    }
    context.outcome = workflow::DecideRound(decisions);
    context.note = "round " + std::to_string(e.round_completed().round());
    return ApplySystemAction(tx, e.brief_id(), Action::kConcludeRound, context,
                             rpc::kReviewService, destinations);
  }
  if (type == events::v1::FEEDBACK_CLAIMED) {
    // An expert who advises on a brief may read it.
    AddReviewer(tx, e.brief_id(), e.actor_id());
    return false;
  }
  if (type == events::v1::COMMENTS_POSTED) {
    if (absl::Status s = StorePostedComments(tx, e); !s.ok()) return s;
    return false;
  }
  return false;  // not for this service
}

}  // namespace

absl::StatusOr<bool> ReviewEvents::ApplyOne(Tx& tx,
                                            const events::v1::Event& e) {
  if (!FirstDelivery(tx, e.id())) return false;  // a repeat
  auto applied = ApplyIn(tx, e, events_.destinations);
  // An event about a brief that does not exist is acknowledged, not
  // retried forever; anything else rolls back and is retried.
  if (!applied.ok() && applied.status().code() == absl::StatusCode::kNotFound) {
    logging::Warn("event_for_unknown_brief",
                  {{"event_id", e.id()}, {"brief_id", e.brief_id()}});
    return false;
  }
  return applied;
}

absl::Status ReviewEvents::Apply(
    const std::vector<const events::v1::Event*>& batch) {
  auto changed = db_->InTransaction<bool>([&](Tx& tx) -> absl::StatusOr<bool> {
    bool any = false;
    for (const events::v1::Event* e : batch) {
      absl::StatusOr<bool> applied = ApplyOne(tx, *e);
      if (!applied.ok()) return applied.status();
      any = any || *applied;
    }
    return any;
  });
  if (!changed.ok()) return changed.status();
  if (*changed) events_.wake();
  return absl::OkStatus();
}

}  // namespace briefdesk::briefs
