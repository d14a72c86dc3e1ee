// Domain layer: what is due after a course, each once whatever replicas run
// or processes die (a row per reminder, unique, written in the transaction
// that writes its outbox event; reminders.h has the machinery):
// - AGREEMENT (agreement.due), to each participant without an agreement,
//   when the last module falls due and again 7 and 14 days later;
// - SESSION (course.followup_due), `lead` before the day of each SCHEDULED
//   follow-up session, to the participant and to the organizer who holds
//   it; a rescheduled session is reminded of again on its new day;
// - a SCHEDULED session not recorded `grace` after its day turns MISSED,
//   and the course's organizers are told (followup.missed).
// Days are the course's time zone's.
#ifndef BRIEFDESK_SERVICES_COURSES_FOLLOWUP_NOTICES_H_
#define BRIEFDESK_SERVICES_COURSES_FOLLOWUP_NOTICES_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

// How many notices it wrote.
absl::StatusOr<int> SendAfterCourseNotices(const CoursesDeps& d,
                                           absl::Time now);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_FOLLOWUP_NOTICES_H_
