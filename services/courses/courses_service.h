// The Courses gRPC service: one adapter per RPC over the domain
// (courses.h, members.h).
#ifndef BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_
#define BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_

#include "briefdesk/courses/v1/courses.grpc.pb.h"
#include "services/courses/courses.h"
#include "services/courses/members.h"

namespace briefdesk::courses {

class CoursesService final : public v1::Courses::Service {
 public:
  explicit CoursesService(const CoursesDeps& deps)
      : courses_(deps), members_(deps) {}

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

 private:
  class Courses courses_;
  Members members_;
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSES_SERVICE_H_
