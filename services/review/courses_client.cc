#include "services/review/courses_client.h"

#include "briefdesk/courses/v1/courses.grpc.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::review {
namespace {

class GrpcCoursesClient final : public CoursesClient {
 public:
  explicit GrpcCoursesClient(const std::string& target)
      : stub_(courses::v1::Courses::NewStub(rpc::NewChannel(target))) {}

  absl::StatusOr<courses::v1::GuidanceRoute> GuidanceRoute(
      const std::string& course_id,
      const std::string& participant_id) override {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    rpc::Principal service;
    service.set_user_id(rpc::kReviewService);
    rpc::AttachPrincipal(service, &ctx);
    courses::v1::GetGuidanceRouteRequest req;
    req.set_course_id(course_id);
    req.set_participant_id(participant_id);
    courses::v1::GuidanceRoute out;
    grpc::Status s = stub_->GetGuidanceRoute(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

 private:
  std::unique_ptr<courses::v1::Courses::Stub> stub_;
};

}  // namespace

std::unique_ptr<CoursesClient> NewGrpcCoursesClient(const std::string& target) {
  return std::make_unique<GrpcCoursesClient>(target);
}

}  // namespace briefdesk::review
