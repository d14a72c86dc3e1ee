// Domain layer: learning plans. At the start of a course each participant
// records their policy question and one to five learning goals; the
// course's organizers and experts read them. Versioned: the ETag is
// "p<version>", "p0" before the first save, and a change needs If-Match.
#ifndef BRIEFDESK_SERVICES_COURSES_PLANS_H_
#define BRIEFDESK_SERVICES_COURSES_PLANS_H_

#include <utility>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

inline constexpr int kMaxLearningGoals = 5;

// What is wrong with a plan about to be saved, naming the field.
absl::Status ValidatePlan(const v1::LearningPlan& plan);

class Plans {
 public:
  explicit Plans(CoursesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<v1::LearningPlan> Get(const rpc::Principal& p,
                                       const v1::GetPlanRequest& req);
  // The participant's own only.
  absl::StatusOr<v1::LearningPlan> Update(const rpc::Principal& p,
                                          const v1::UpdatePlanRequest& req);

 private:
  const CoursesDeps d_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_PLANS_H_
