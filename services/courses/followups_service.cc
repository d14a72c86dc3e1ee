#include "services/courses/followups_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"
#include "services/courses/data_rights.h"

namespace briefdesk::courses {

grpc::Status FollowUpsService::GetAgreement(Ctx* ctx,
                                            const v1::GetAgreementRequest* req,
                                            v1::Agreement* resp) {
  return rpc::Reply(agreements_.Get(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status FollowUpsService::UpdateAgreement(
    Ctx* ctx, const v1::UpdateAgreementRequest* req, v1::Agreement* resp) {
  v1::UpdateAgreementRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(agreements_.Update(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status FollowUpsService::ListFollowUps(
    Ctx* ctx, const v1::ListFollowUpsRequest* req,
    v1::ListFollowUpsResponse* resp) {
  return rpc::Reply(follow_ups_.List(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status FollowUpsService::GetFollowUp(Ctx* ctx,
                                           const v1::GetFollowUpRequest* req,
                                           v1::FollowUp* resp) {
  return rpc::Reply(follow_ups_.Get(rpc::PrincipalFrom(*ctx), req->id()), resp);
}

grpc::Status FollowUpsService::RecordFollowUp(
    Ctx* ctx, const v1::RecordFollowUpRequest* req, v1::FollowUp* resp) {
  v1::RecordFollowUpRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(follow_ups_.Record(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status FollowUpsService::RescheduleFollowUp(
    Ctx* ctx, const v1::RescheduleFollowUpRequest* req, v1::FollowUp* resp) {
  v1::RescheduleFollowUpRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(follow_ups_.Reschedule(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status FollowUpsService::CreateSelfReport(
    Ctx* ctx, const v1::CreateSelfReportRequest* req, v1::SelfReport* resp) {
  v1::CreateSelfReportRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(follow_ups_.Report(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status FollowUpsService::ExportCourses(Ctx* ctx,
                                             const v1::ExportCoursesRequest*,
                                             v1::CoursesExport* resp) {
  return rpc::Reply(ExportFor(pool_, rpc::PrincipalFrom(*ctx)), resp);
}

}  // namespace briefdesk::courses
