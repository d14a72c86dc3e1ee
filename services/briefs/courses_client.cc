#include "services/briefs/courses_client.h"

#include <memory>

#include "briefdesk/courses/v1/courses.grpc.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {

CourseLanguage GrpcCourseLanguage(const std::string& target) {
  std::shared_ptr<courses::v1::Courses::Stub> stub =
      courses::v1::Courses::NewStub(rpc::NewChannel(target));
  return [stub](const std::string& course_id) -> absl::StatusOr<std::string> {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    rpc::Principal service;
    service.set_user_id(rpc::kBriefsService);
    rpc::AttachPrincipal(service, &ctx);
    courses::v1::GetCourseDefaultsRequest req;
    req.set_course_id(course_id);
    courses::v1::CourseDefaults out;
    grpc::Status s = stub->GetCourseDefaults(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out.language();
  };
}

}  // namespace briefdesk::briefs
