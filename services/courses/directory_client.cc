#include "services/courses/directory_client.h"

#include <chrono>

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

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

 private:
  static void Prepare(grpc::ClientContext& ctx) {
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    dir::Principal me;
    me.set_user_id(rpc::kCoursesService);
    rpc::AttachPrincipal(me, &ctx);
  }

  std::unique_ptr<dir::Directory::Stub> stub_;
};

}  // namespace

std::unique_ptr<DirectoryClient> NewGrpcDirectoryClient(
    const std::string& target) {
  return std::make_unique<GrpcDirectoryClient>(target);
}

}  // namespace briefdesk::courses
