#include "services/courses/course_access.h"

namespace briefdesk::courses {

bool IsAdmin(const rpc::Principal& p) {
  return rpc::HasRole(p, directory::v1::ADMIN);
}

absl::StatusOr<v1::CourseRole> RoleIn(CoursesTx& tx, const rpc::Principal& p,
                                      const std::string& course_id) {
  if (p.user_id().empty()) return absl::UnauthenticatedError("no principal");
  std::optional<v1::Member> m = tx.LoadMember(course_id, p.user_id());
  if (m) return m->course_role();
  if (IsAdmin(p)) {
    if (auto c = tx.LoadCourse(course_id); !c.ok()) return c.status();
    return v1::ORGANIZER;
  }
  return absl::NotFoundError("no such course");
}

absl::Status RequireOrganizer(CoursesTx& tx, const rpc::Principal& p,
                              const std::string& course_id) {
  auto role = RoleIn(tx, p, course_id);
  if (!role.ok()) return role.status();
  if (*role != v1::ORGANIZER) {
    return absl::PermissionDeniedError("only the course's organizers do this");
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::courses
