// Domain layer: what makes a course well formed, as pure functions of its
// message. No I/O: the courses (courses.h) call these before they store.
#ifndef BRIEFDESK_SERVICES_COURSES_COURSE_RULES_H_
#define BRIEFDESK_SERVICES_COURSES_COURSE_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "briefdesk/courses/v1/courses.pb.h"

namespace briefdesk::courses {

// Limits of a course (documented in docs/courses.md).
inline constexpr int kMaxModules = 20;
inline constexpr int kDefaultFollowUpIntervalDays = 61;
inline constexpr int kDefaultFollowUpCount = 6;

// A new course from the request, with the defaults filled in and the
// modules numbered by their place in the list.
v1::Course CourseFrom(const v1::CreateCourseRequest& req);

// The course with the update's fields applied (modules renumbered).
v1::Course Updated(v1::Course course, const v1::UpdateCourseRequest& req);

// The first thing wrong with `course`, INVALID_ARGUMENT naming the field
// ("timeZone", "modules[2].dueTime", "modules[0].sections"); OK when none.
absl::Status Validate(const v1::Course& course);

// An edit may not drop a module whose due time has passed at `now`: its
// statuses are recorded. FAILED_PRECONDITION naming "modules" otherwise.
absl::Status KeepsPastModules(const v1::Course& before, const v1::Course& after,
                              absl::Time now);

// The IANA time zone of a course; INVALID_ARGUMENT naming `field` for a
// name the time zone database does not hold.
absl::StatusOr<absl::TimeZone> ZoneOf(std::string_view field,
                                      const std::string& name);

// A date, YYYY-MM-DD; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> DayOf(std::string_view field,
                                     const std::string& text);

// Between protobuf timestamps and absl times (microseconds).
absl::Time TimeOf(const google::protobuf::Timestamp& t);
google::protobuf::Timestamp TimestampOf(absl::Time t);

// The brief sections a module may name, in the brief's order.
const std::vector<std::string>& SectionNames();

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSE_RULES_H_
