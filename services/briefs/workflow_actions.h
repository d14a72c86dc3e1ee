// The workflow actions people take on a brief (submit, withdraw, reopen,
// publish, return, retract): who may, in which state, and what is written
// with each (the head, the history, the event), in one transaction.
#ifndef BRIEFDESK_SERVICES_BRIEFS_WORKFLOW_ACTIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_WORKFLOW_ACTIONS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/workflow/workflow.h"
#include "services/briefs/brief_check.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct ActionResult {
  v1::Brief brief;
  // Submit and withdraw answer once the review service applied them:
  // whether it had (false: it could not be reached in time, and the outbox
  // delivers the change later). Unset for the other actions.
  std::optional<bool> applied;
};

class WorkflowActions {
 public:
  WorkflowActions(Database* db, CheckThresholds thresholds, EventRouting events)
      : db_(db), thresholds_(thresholds), events_(std::move(events)) {}

  // NOT_FOUND for a brief `p` may not see, PERMISSION_DENIED for an action
  // `p` may never take on it, FAILED_PRECONDITION when its state (or, for
  // submit, the brief check) forbids it, INVALID_ARGUMENT for a missing or
  // malformed note.
  absl::StatusOr<ActionResult> Act(const rpc::Principal& p,
                                   const std::string& id,
                                   workflow::Action action,
                                   const std::string& note);

 private:
  Database* db_;
  CheckThresholds thresholds_;
  EventRouting events_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_WORKFLOW_ACTIONS_H_
