// The FollowUps gRPC service: one adapter per RPC over the domain
// (followups.h). Served by the courses service beside Courses.
#ifndef BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_SERVICE_H_
#define BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_SERVICE_H_

#include "briefdesk/courses/v1/followups.grpc.pb.h"
#include "services/courses/followups.h"

namespace briefdesk::courses {

class FollowUpsService final : public v1::FollowUps::Service {
 public:
  explicit FollowUpsService(const CoursesDeps& deps)
      : pool_(deps.pool), agreements_(deps), follow_ups_(deps) {}

  using Ctx = grpc::ServerContext;
  grpc::Status GetAgreement(Ctx* ctx, const v1::GetAgreementRequest* req,
                            v1::Agreement* resp) override;
  grpc::Status UpdateAgreement(Ctx* ctx, const v1::UpdateAgreementRequest* req,
                               v1::Agreement* resp) override;
  grpc::Status ListFollowUps(Ctx* ctx, const v1::ListFollowUpsRequest* req,
                             v1::ListFollowUpsResponse* resp) override;
  grpc::Status GetFollowUp(Ctx* ctx, const v1::GetFollowUpRequest* req,
                           v1::FollowUp* resp) override;
  grpc::Status RecordFollowUp(Ctx* ctx, const v1::RecordFollowUpRequest* req,
                              v1::FollowUp* resp) override;
  grpc::Status RescheduleFollowUp(Ctx* ctx,
                                  const v1::RescheduleFollowUpRequest* req,
                                  v1::FollowUp* resp) override;
  grpc::Status CreateSelfReport(Ctx* ctx,
                                const v1::CreateSelfReportRequest* req,
                                v1::SelfReport* resp) override;
  grpc::Status ExportCourses(Ctx* ctx, const v1::ExportCoursesRequest* req,
                             v1::CoursesExport* resp) override;

 private:
  storage::PgPool* pool_;
  Agreements agreements_;
  FollowUps follow_ups_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_SERVICE_H_
