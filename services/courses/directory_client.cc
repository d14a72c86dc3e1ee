#include "services/courses/directory_client.h"

#include <chrono>

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

// Every call: a deadline, and the courses service as the principal.
void Prepare(grpc::ClientContext& ctx) {
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  dir::Principal me;
  me.set_user_id(rpc::kCoursesService);
  rpc::AttachPrincipal(me, &ctx);
}

class GrpcDirectoryClient final : public DirectoryClient {
 public:
  explicit GrpcDirectoryClient(const std::string& target)
      : stub_(dir::Directory::NewStub(rpc::NewChannel(target))) {}

  absl::StatusOr<dir::User> GetUser(const std::string& id) override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    dir::GetUserRequest req;
    req.set_id(id);
    dir::User out;
    grpc::Status s = stub_->GetUser(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

  absl::StatusOr<dir::EnsureUsersResponse> EnsureUsers(
      const dir::EnsureUsersRequest& req) override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    dir::EnsureUsersResponse out;
    grpc::Status s = stub_->EnsureUsers(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

  absl::StatusOr<dir::User> InviteUser(
      const dir::InviteUserRequest& req) override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    dir::User out;
    grpc::Status s = stub_->InviteUser(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

  absl::StatusOr<dir::ListLegacyCohortsResponse> ListLegacyCohorts() override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    dir::ListLegacyCohortsResponse out;
    grpc::Status s =
        stub_->ListLegacyCohorts(&ctx, dir::ListLegacyCohortsRequest(), &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

  absl::StatusOr<dir::LinkCohortResponse> LinkCohort(
      const std::string& cohort, const std::string& course_id) override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    dir::LinkCohortRequest req;
    req.set_cohort(cohort);
    req.set_course_id(course_id);
    dir::LinkCohortResponse out;
    grpc::Status s = stub_->LinkCohort(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

 private:
  std::unique_ptr<dir::Directory::Stub> stub_;
};

class GrpcBriefsClient final : public BriefsClient {
 public:
  explicit GrpcBriefsClient(const std::string& target)
      : stub_(briefs::v1::Briefs::NewStub(rpc::NewChannel(target))) {}

  absl::StatusOr<briefs::v1::CourseBriefsResponse> CourseBriefs(
      const briefs::v1::CourseBriefsRequest& req) override {
    grpc::ClientContext ctx;
    Prepare(ctx);
    briefs::v1::CourseBriefsResponse out;
    grpc::Status s = stub_->CourseBriefs(&ctx, req, &out);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    return out;
  }

 private:
  std::unique_ptr<briefs::v1::Briefs::Stub> stub_;
};

}  // namespace

std::unique_ptr<DirectoryClient> NewGrpcDirectoryClient(
    const std::string& target) {
  return std::make_unique<GrpcDirectoryClient>(target);
}

std::unique_ptr<BriefsClient> NewGrpcBriefsClient(const std::string& target) {
  return std::make_unique<GrpcBriefsClient>(target);
}

}  // namespace briefdesk::courses
