// Which service acts on which events. Enqueue writes an outbox row only for
// a destination that acts on the event's type: every row costs its relay a
// read, a delivery and a mark, and requests that wait on a relay wait
// behind rows the receiver would only acknowledge. A destination this
// table does not know gets every event.
#ifndef BRIEFDESK_LIBS_OUTBOX_SUBSCRIPTIONS_H_
#define BRIEFDESK_LIBS_OUTBOX_SUBSCRIPTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "briefdesk/events/v1/events.pb.h"

namespace briefdesk::outbox {

// The event types `destination` acts on; empty when it takes every event.
const std::vector<events::v1::EventType>& SubscribedTypes(
    std::string_view destination);

// Whether `destination` acts on events of `type`.
bool Subscribes(std::string_view destination, events::v1::EventType type);

// The destinations of `all` that act on `type`, in order.
std::vector<std::string> Subscribers(const std::vector<std::string>& all,
                                     events::v1::EventType type);

}  // namespace briefdesk::outbox

#endif  // BRIEFDESK_LIBS_OUTBOX_SUBSCRIPTIONS_H_
