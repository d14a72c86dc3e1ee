// Applying a workflow transition: the brief's head, its history and the
// event that announces it, in the caller's transaction (the outbox), for the
// actions of users and of the system (review rounds) alike.
#ifndef BRIEFDESK_SERVICES_BRIEFS_TRANSITIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_TRANSITIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/outbox/outbox.h"
#include "libs/workflow/workflow.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// BRIEF_SUBMITTED, BRIEF_APPROVED, ...; EVENT_TYPE_UNSPECIFIED for actions
// announced by no event (create, edit).
events::v1::EventType EventOf(workflow::Action action, v1::BriefState to);

// Moves `b` to `to` and records the transition and its event for each of
// `destinations` (the rows written go to `written` when given). Needs
// InTransaction.
void RecordTransition(Tx& tx, const v1::Brief& b, workflow::Action action,
                      v1::BriefState to, const std::string& actor_id,
                      const std::string& note,
                      const std::vector<std::string>& destinations,
                      outbox::Written* written = nullptr);

// A system action (start review, requeue, conclude round) on the brief, if
// the workflow allows it in its current state; a refused one is skipped and
// reported as false: the event it answers no longer applies.
absl::StatusOr<bool> ApplySystemAction(
    Tx& tx, const std::string& brief_id, workflow::Action action,
    const workflow::Context& context, const std::string& actor_id,
    const std::vector<std::string>& destinations);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_TRANSITIONS_H_
