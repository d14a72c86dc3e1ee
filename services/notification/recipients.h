// Who hears of an event and what they read: pure, no I/O.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_RECIPIENTS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_RECIPIENTS_H_

#include <string>
#include <vector>

#include "briefdesk/events/v1/events.pb.h"
#include "libs/outbox/event_types.h"

namespace briefdesk::notification {

struct Audience {
  bool authors = false;  // author and co-authors
  bool experts = false;  // experts who hold or held a task on the brief
  bool editors = false;
  bool expert = false;  // the one expert a review.* event names
  // The people a CourseNotice or a Discussion names (`to`).
  bool addressees = false;
};

// The names of the event types people are told of (and webhooks may
// subscribe to), in alphabetical order.
std::vector<std::string> KnownEvents();

// Nobody for events that are not announced to people.
Audience AudienceOf(events::v1::EventType type);

struct Text {
  std::string title, body;
};

// The words a person reads; `brief_title` is the brief's title when known.
Text Describe(const events::v1::Event& e, const std::string& brief_title);

// The people concerned, each once, in a stable order, never the actor.
std::vector<std::string> Recipients(const events::v1::Event& e,
                                    const std::vector<std::string>& editors);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_RECIPIENTS_H_
