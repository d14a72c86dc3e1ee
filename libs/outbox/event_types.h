// Event types and review decisions as the proto enums of
// briefdesk/events/v1/events.proto, and the names clients see for them
// ("brief.submitted", in the inbox, the stream and webhooks; "APPROVE").
// The names live in the proto file (the `event_name` option of each
// EventType value); this is the one place that reads them.
//
// Events written before the enums carry only the names, and an outbox may
// still hold such rows when a service is upgraded: TypeOf, DecisionOf and
// DecisionsOf fall back to the names when the enum is unset. SetType and
// the Add/Set of decisions write both, so that a receiver of the previous
// release still understands an event during an upgrade.
#ifndef BRIEFDESK_LIBS_OUTBOX_EVENT_TYPES_H_
#define BRIEFDESK_LIBS_OUTBOX_EVENT_TYPES_H_

#include <string_view>
#include <vector>

#include "briefdesk/events/v1/events.pb.h"
#include "briefdesk/review/v1/review.pb.h"

namespace briefdesk::outbox {

using events::v1::EventType;
using review::v1::Decision;

// "brief.submitted" for BRIEF_SUBMITTED; "" for EVENT_TYPE_UNSPECIFIED and
// for a value this build does not know.
std::string_view EventTypeName(EventType type);
// EVENT_TYPE_UNSPECIFIED for a name no type has.
EventType ParseEventType(std::string_view name);

// The event's type: its `type`, or for an event written before EventType,
// the type its `type_name` names.
EventType TypeOf(const events::v1::Event& e);
// Sets the type and its name.
void SetType(events::v1::Event* e, EventType type);

// A review.completed event's decision (or the one its name says).
Decision DecisionOf(const events::v1::ReviewTaskEvent& task);
void SetDecision(events::v1::ReviewTaskEvent* task, Decision decision);
// A review.round_completed event's decisions, in order (or the ones their
// names say).
std::vector<Decision> DecisionsOf(const events::v1::RoundCompleted& round);
void AddDecision(events::v1::RoundCompleted* round, Decision decision);

}  // namespace briefdesk::outbox

#endif  // BRIEFDESK_LIBS_OUTBOX_EVENT_TYPES_H_
