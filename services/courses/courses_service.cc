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

}  // namespace briefdesk::courses
