// What the review service asks of the courses service: where a
// participant's requests for guidance go (the course's experts, the
// participant's mentor).
#ifndef BRIEFDESK_SERVICES_REVIEW_COURSES_CLIENT_H_
#define BRIEFDESK_SERVICES_REVIEW_COURSES_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"

namespace briefdesk::review {

class CoursesClient {
 public:
  virtual ~CoursesClient() = default;
  virtual absl::StatusOr<courses::v1::GuidanceRoute> GuidanceRoute(
      const std::string& course_id, const std::string& participant_id) = 0;
};

std::unique_ptr<CoursesClient> NewGrpcCoursesClient(const std::string& target);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_COURSES_CLIENT_H_
