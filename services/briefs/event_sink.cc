#include "services/briefs/event_sink.h"

#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/transitions.h"

namespace briefdesk::briefs {
namespace {

using workflow::Action;

workflow::ReviewDecision ParseDecision(const std::string& d) {
  if (d == "APPROVE") return workflow::ReviewDecision::kApprove;
  if (d == "REJECT") return workflow::ReviewDecision::kReject;
  return workflow::ReviewDecision::kRequestChanges;
}

// Applies one event in `tx`; true when the brief changed state.
absl::StatusOr<bool> Apply(pqxx::work& tx, const events::v1::Event& e,
                           const std::vector<std::string>& destinations) {
  const std::string actor = "service:review";
  workflow::Context context;
  if (e.type() == "review.claimed") {
    tx.exec_params(
        "INSERT INTO brief_reviewers (brief_id, user_id) "
        "SELECT id, $2 FROM briefs WHERE id = $1 ON CONFLICT DO NOTHING",
        e.brief_id(), e.task().expert_id());
    if (!e.task().first_of_round()) return false;
    return ApplySystemAction(tx, e.brief_id(), Action::kStartReview, context,
                             actor, destinations);
  }
  if (e.type() == "review.round_requeued") {
    return ApplySystemAction(tx, e.brief_id(), Action::kRequeue, context, actor,
                             destinations);
  }
  if (e.type() == "review.round_completed") {
    std::vector<workflow::ReviewDecision> decisions;
    for (const std::string& d : e.round_completed().decisions()) {
      decisions.push_back(ParseDecision(d));
    }
    context.outcome = workflow::DecideRound(decisions);
    context.note = "round " + std::to_string(e.round_completed().round());
    return ApplySystemAction(tx, e.brief_id(), Action::kConcludeRound, context,
                             actor, destinations);
  }
  return false;  // not for this service
}

}  // namespace

grpc::Status BriefsEventSink::Deliver(grpc::ServerContext*,
                                      const events::v1::Event* e,
                                      events::v1::Ack*) {
  auto changed = pool_->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
    if (!outbox::FirstDelivery(tx, e->id())) return false;  // a repeat
    auto applied = Apply(tx, *e, events_.destinations);
    // An event about a brief that does not exist is acknowledged, not
    // retried forever; anything else rolls back and is retried.
    if (!applied.ok() &&
        applied.status().code() == absl::StatusCode::kNotFound) {
      logging::Warn("event_for_unknown_brief",
                    {{"event_id", e->id()}, {"brief_id", e->brief_id()}});
      return false;
    }
    return applied;
  });
  if (!changed.ok()) return rpc::ToGrpcStatus(changed.status());
  if (*changed) events_.wake();
  return grpc::Status::OK;
}

}  // namespace briefdesk::briefs
