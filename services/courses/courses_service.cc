#include "services/courses/courses_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"

namespace briefdesk::courses {

grpc::Status CoursesService::CreateCourse(Ctx* ctx,
                                          const v1::CreateCourseRequest* req,
                                          v1::Course* resp) {
  v1::CreateCourseRequest in = *req;
  text::NormalizeStrings(&in);  // titles stored composed (NFC)
  return rpc::Reply(
      courses_.Create(rpc::PrincipalFrom(*ctx),
                      rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), in),
      resp);
}

grpc::Status CoursesService::ListCourses(Ctx* ctx,
                                         const v1::ListCoursesRequest* req,
                                         v1::ListCoursesResponse* resp) {
  return rpc::Reply(courses_.List(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::GetCourse(Ctx* ctx,
                                       const v1::GetCourseRequest* req,
                                       v1::Course* resp) {
  return rpc::Reply(courses_.Get(rpc::PrincipalFrom(*ctx), req->id()), resp);
}

grpc::Status CoursesService::UpdateCourse(Ctx* ctx,
                                          const v1::UpdateCourseRequest* req,
                                          v1::Course* resp) {
  v1::UpdateCourseRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(courses_.Update(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status CoursesService::AddMember(Ctx* ctx,
                                       const v1::AddMemberRequest* req,
                                       v1::Member* resp) {
  v1::AddMemberRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(members_.Add(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status CoursesService::ListMembers(Ctx* ctx,
                                         const v1::ListMembersRequest* req,
                                         v1::ListMembersResponse* resp) {
  return rpc::Reply(members_.List(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::RemoveMember(Ctx* ctx,
                                          const v1::RemoveMemberRequest* req,
                                          google::protobuf::Empty*) {
  return rpc::ToGrpcStatus(members_.Remove(rpc::PrincipalFrom(*ctx), *req));
}

grpc::Status CoursesService::InviteMember(Ctx* ctx,
                                          const v1::InviteMemberRequest* req,
                                          v1::Member* resp) {
  return rpc::Reply(members_.Invite(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::UpdateMember(Ctx* ctx,
                                          const v1::UpdateMemberRequest* req,
                                          v1::Member* resp) {
  return rpc::Reply(members_.Update(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::GetCourseDefaults(
    Ctx* ctx, const v1::GetCourseDefaultsRequest* req,
    v1::CourseDefaults* resp) {
  return rpc::Reply(
      courses_.Defaults(rpc::PrincipalFrom(*ctx), req->course_id()), resp);
}

grpc::Status CoursesService::GetGuidanceRoute(
    Ctx* ctx, const v1::GetGuidanceRouteRequest* req, v1::GuidanceRoute* resp) {
  return rpc::Reply(members_.GuidanceRoute(rpc::PrincipalFrom(*ctx), *req),
                    resp);
}

grpc::Status CoursesService::ImportMembers(Ctx* ctx,
                                           const v1::ImportMembersRequest* req,
                                           v1::ImportMembersResponse* resp) {
  v1::ImportMembersRequest in = *req;
  text::NormalizeStrings(&in);  // names stored composed (NFC)
  return rpc::Reply(members_.Import(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status CoursesService::GetProgress(Ctx* ctx,
                                         const v1::GetProgressRequest* req,
                                         v1::Progress* resp) {
  return rpc::Reply(progress_.Get(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::GetPlan(Ctx* ctx, const v1::GetPlanRequest* req,
                                     v1::LearningPlan* resp) {
  return rpc::Reply(plans_.Get(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status CoursesService::UpdatePlan(Ctx* ctx,
                                        const v1::UpdatePlanRequest* req,
                                        v1::LearningPlan* resp) {
  v1::UpdatePlanRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(plans_.Update(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status CoursesService::CreateExtension(
    Ctx* ctx, const v1::CreateExtensionRequest* req, v1::Extension* resp) {
  v1::CreateExtensionRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(progress_.Extend(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status CoursesService::ListExtensions(
    Ctx* ctx, const v1::ListExtensionsRequest* req,
    v1::ListExtensionsResponse* resp) {
  return rpc::Reply(progress_.Extensions(rpc::PrincipalFrom(*ctx), *req), resp);
}

}  // namespace briefdesk::courses
