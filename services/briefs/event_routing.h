// Where the events of brief transitions go: the outbox destinations (the
// subscribed services), a hook that wakes their relays after a commit, and
// one that waits until the services that act on a change (review, for a
// submission or withdrawal) have applied it: false when one could not be
// reached in time (libs/outbox: read your writes).
#ifndef BRIEFDESK_SERVICES_BRIEFS_EVENT_ROUTING_H_
#define BRIEFDESK_SERVICES_BRIEFS_EVENT_ROUTING_H_

#include <functional>
#include <string>
#include <vector>

#include "libs/outbox/outbox.h"

namespace briefdesk::briefs {

struct EventRouting {
  std::vector<std::string> destinations;
  std::function<void()> wake = [] {};
  std::function<bool(const outbox::Written&)> await =
      [](const outbox::Written&) { return true; };
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_EVENT_ROUTING_H_
