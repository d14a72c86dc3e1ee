// Transport layer (a client): what the briefs service asks of the courses
// service, the language a new brief of a course is written in by default.
#ifndef BRIEFDESK_SERVICES_BRIEFS_COURSES_CLIENT_H_
#define BRIEFDESK_SERVICES_BRIEFS_COURSES_CLIENT_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"

namespace briefdesk::briefs {

// The course's language (BCP 47); NOT_FOUND for no such course,
// UNAVAILABLE when the courses service cannot be reached.
using CourseLanguage =
    std::function<absl::StatusOr<std::string>(const std::string& course_id)>;

// Asks the courses service at `target` (GetCourseDefaults, as
// service:briefs), within 5 s.
CourseLanguage GrpcCourseLanguage(const std::string& target);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COURSES_CLIENT_H_
