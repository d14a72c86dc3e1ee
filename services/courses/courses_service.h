// The Courses gRPC service: one adapter per RPC over the domain
// (courses.h, members.h).
#ifndef BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_
#define BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_

#include "briefdesk/courses/v1/courses.grpc.pb.h"
#include "services/courses/courses.h"
#include "services/courses/members.h"
#include "services/courses/plans.h"
#include "services/courses/progress.h"

namespace briefdesk::courses {

class CoursesService final : public v1::Courses::Service {
 public:
  explicit CoursesService(const CoursesDeps& deps)
      : courses_(deps), members_(deps), plans_(deps), progress_(deps) {}

  using Ctx = grpc::ServerContext;
  grpc::Status CreateCourse(Ctx* ctx, const v1::CreateCourseRequest* req,
                            v1::Course* resp) override;
  grpc::Status ListCourses(Ctx* ctx, const v1::ListCoursesRequest* req,
                           v1::ListCoursesResponse* resp) override;
  grpc::Status GetCourse(Ctx* ctx, const v1::GetCourseRequest* req,
                         v1::Course* resp) override;
  grpc::Status UpdateCourse(Ctx* ctx, const v1::UpdateCourseRequest* req,
                            v1::Course* resp) override;
  grpc::Status AddMember(Ctx* ctx, const v1::AddMemberRequest* req,
                         v1::Member* resp) override;
  grpc::Status ListMembers(Ctx* ctx, const v1::ListMembersRequest* req,
                           v1::ListMembersResponse* resp) override;
  grpc::Status RemoveMember(Ctx* ctx, const v1::RemoveMemberRequest* req,
                            google::protobuf::Empty* resp) override;
  grpc::Status InviteMember(Ctx* ctx, const v1::InviteMemberRequest* req,
                            v1::Member* resp) override;
  grpc::Status UpdateMember(Ctx* ctx, const v1::UpdateMemberRequest* req,
                            v1::Member* resp) override;
  grpc::Status GetCourseDefaults(Ctx* ctx,
                                 const v1::GetCourseDefaultsRequest* req,
                                 v1::CourseDefaults* resp) override;
  grpc::Status GetGuidanceRoute(Ctx* ctx,
                                const v1::GetGuidanceRouteRequest* req,
                                v1::GuidanceRoute* resp) override;
  grpc::Status ImportMembers(Ctx* ctx, const v1::ImportMembersRequest* req,
                             v1::ImportMembersResponse* resp) override;
  grpc::Status GetProgress(Ctx* ctx, const v1::GetProgressRequest* req,
                           v1::Progress* resp) override;
  grpc::Status GetPlan(Ctx* ctx, const v1::GetPlanRequest* req,
                       v1::LearningPlan* resp) override;
  grpc::Status UpdatePlan(Ctx* ctx, const v1::UpdatePlanRequest* req,
                          v1::LearningPlan* resp) override;
  grpc::Status CreateExtension(Ctx* ctx, const v1::CreateExtensionRequest* req,
                               v1::Extension* resp) override;
  grpc::Status ListExtensions(Ctx* ctx, const v1::ListExtensionsRequest* req,
                              v1::ListExtensionsResponse* resp) override;

 private:
  class Courses courses_;
  Members members_;
  Plans plans_;
  Progress progress_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_
