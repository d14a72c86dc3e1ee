// Domain layer: course analytics (analytics.proto), per course for its
// organizers and admins, and across the courses an organizer organizes
// (every course for admins), as JSON or CSV.
#ifndef BRIEFDESK_SERVICES_COURSES_ANALYTICS_H_
#define BRIEFDESK_SERVICES_COURSES_ANALYTICS_H_

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/analytics.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

class CourseAnalytics {
 public:
  explicit CourseAnalytics(CoursesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<v1::Analytics> OfCourse(
      const rpc::Principal& p, const v1::GetCourseAnalyticsRequest& req);
  absl::StatusOr<v1::Analytics> Across(const rpc::Principal& p,
                                       const v1::GetAnalyticsRequest& req);

 private:
  absl::StatusOr<v1::Analytics> Read(const std::vector<std::string>& courses);

  const CoursesDeps d_;
};

// The figures as a message (pure: analytics_test checks it).
v1::Analytics AnalyticsOf(const AnalyticsRows& rows, int courses);
// metric,key,value lines with a header.
std::string AnalyticsCsv(const v1::Analytics& a);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_ANALYTICS_H_
