// Domain layer: who may do what in a course. Members see their courses;
// organizers (and admins) change them; a course a caller is not a member
// of does not exist for them (NOT_FOUND, never leaking that it does).
#ifndef BRIEFDESK_SERVICES_COURSES_COURSE_ACCESS_H_
#define BRIEFDESK_SERVICES_COURSES_COURSE_ACCESS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/rpc/rpc.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

bool IsAdmin(const rpc::Principal& p);

// The caller's role in the course: ORGANIZER for an admin who is not a
// member. NOT_FOUND when the course does not exist or the caller is not
// in it; UNAUTHENTICATED without a principal.
absl::StatusOr<v1::CourseRole> RoleIn(CoursesTx& tx, const rpc::Principal& p,
                                      const std::string& course_id);

// OK for the course's organizers and admins; PERMISSION_DENIED for its
// other members; NOT_FOUND for everyone else.
absl::Status RequireOrganizer(CoursesTx& tx, const rpc::Principal& p,
                              const std::string& course_id);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSE_ACCESS_H_
