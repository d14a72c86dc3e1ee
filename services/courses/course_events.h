// Domain layer: what the courses service does with the briefs and review
// services' events. Each brief of a course and each review of one feed the
// analytics projection (brief_facts, review_facts); a publication plans the
// author's follow-up sessions, as a filled agreement does. Each event is
// applied once; a batch in one transaction.
#ifndef BRIEFDESK_SERVICES_COURSES_COURSE_EVENTS_H_
#define BRIEFDESK_SERVICES_COURSES_COURSE_EVENTS_H_

#include <vector>

#include "absl/status/status.h"
#include "briefdesk/events/v1/events.pb.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

absl::Status ApplyEvents(const CoursesDeps& d,
                         const std::vector<const events::v1::Event*>& batch);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSE_EVENTS_H_
