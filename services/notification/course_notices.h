// The words of the courses service's notices (milestone.*,
// course.followup_due) in the inbox, and times as a course's people read
// them: in the course's time zone. Pure, no I/O.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_COURSE_NOTICES_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_COURSE_NOTICES_H_

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "briefdesk/events/v1/events.pb.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {

// "Friday 12 March 2027, 17:00 (Europe/Rome)"; UTC when `zone` is empty or
// unknown.
std::string LocalTime(const google::protobuf::Timestamp& t,
                      const std::string& zone);

// The inbox's title and body of a CourseNotice event.
Text DescribeNotice(const events::v1::Event& e);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_COURSE_NOTICES_H_
