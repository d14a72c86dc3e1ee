// Domain layer: courses — created by organizers and admins (the creator
// becomes the course's organizer), read by their members, changed by
// their organizers with If-Match.
#ifndef BRIEFDESK_SERVICES_COURSES_COURSES_H_
#define BRIEFDESK_SERVICES_COURSES_COURSES_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

class Courses {
 public:
  explicit Courses(CoursesDeps deps) : d_(std::move(deps)) {}

  // With an Idempotency-Key a repeat answers the first course.
  absl::StatusOr<v1::Course> Create(const rpc::Principal& p,
                                    const std::string& idempotency_key,
                                    const v1::CreateCourseRequest& req);
  absl::StatusOr<v1::Course> Get(const rpc::Principal& p,
                                 const std::string& id);
  // What a new brief of the course takes from it; for the briefs service
  // only. NOT_FOUND for no such course.
  absl::StatusOr<v1::CourseDefaults> Defaults(const rpc::Principal& p,
                                              const std::string& id);
  absl::StatusOr<v1::ListCoursesResponse> List(
      const rpc::Principal& p, const v1::ListCoursesRequest& req);
  // 428 without If-Match, ABORTED (412) when it names another version.
  absl::StatusOr<v1::Course> Update(const rpc::Principal& p,
                                    const v1::UpdateCourseRequest& req);

 private:
  const CoursesDeps d_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSES_H_
