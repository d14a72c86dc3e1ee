#include "services/courses/analytics_service.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::courses {

grpc::Status AnalyticsService::GetCourseAnalytics(
    grpc::ServerContext* ctx, const v1::GetCourseAnalyticsRequest* req,
    v1::Analytics* resp) {
  return rpc::Reply(analytics_.OfCourse(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status AnalyticsService::GetAnalytics(grpc::ServerContext* ctx,
                                            const v1::GetAnalyticsRequest* req,
                                            v1::Analytics* resp) {
  return rpc::Reply(analytics_.Across(rpc::PrincipalFrom(*ctx), *req), resp);
}

}  // namespace briefdesk::courses
