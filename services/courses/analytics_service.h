// The Analytics gRPC service: one adapter per RPC over the domain
// (analytics.h). Served by the courses service.
#ifndef BRIEFDESK_SERVICES_COURSES_ANALYTICS_SERVICE_H_
#define BRIEFDESK_SERVICES_COURSES_ANALYTICS_SERVICE_H_

#include "briefdesk/courses/v1/analytics.grpc.pb.h"
#include "services/courses/analytics.h"

namespace briefdesk::courses {

class AnalyticsService final : public v1::CourseAnalytics::Service {
 public:
  explicit AnalyticsService(const CoursesDeps& deps) : analytics_(deps) {}

  grpc::Status GetCourseAnalytics(grpc::ServerContext* ctx,
                                  const v1::GetCourseAnalyticsRequest* req,
                                  v1::Analytics* resp) override;
  grpc::Status GetAnalytics(grpc::ServerContext* ctx,
                            const v1::GetAnalyticsRequest* req,
                            v1::Analytics* resp) override;

 private:
  CourseAnalytics analytics_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_ANALYTICS_SERVICE_H_
