// Domain layer, pure: the e-mails an event makes. Brief events e-mail their
// authors (never the actor) in English; CourseNotice events each addressee,
// and invitations the person invited, in the course's language. What each
// e-mail says is its template's (email_templates.h); this gives the
// template's data. Which of them are sent, collected for a digest or
// dropped is the recipient's preference (email_queue.h).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_EVENTS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_EVENTS_H_

#include <string>
#include <vector>

#include "briefdesk/events/v1/events.pb.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {

struct OutgoingEmail {
  std::string user_id;    // "" for an invitation to a person without one
  std::string recipient;  // user_id, or the address when there is none
  // Known from CourseNotice and Invitation; "" for brief events (the sender
  // asks the directory).
  std::string to_email, to_name;
  std::string kind;      // email_kinds.h
  std::string language;  // BCP 47
  std::string event;     // its name, e.g. "brief.published"
  std::string data;      // the template's data, a JSON object
};

// `text` is what the inbox says of `e`; `brief_title` its brief's title
// ("" when unknown); links start with `public_url` (no trailing slash).
std::vector<OutgoingEmail> EmailsFor(const events::v1::Event& e,
                                     const Text& text,
                                     const std::string& brief_title,
                                     const std::string& public_url);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_EVENTS_H_
