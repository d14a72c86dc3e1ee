#include "services/notification/user_directory.h"

#include <grpcpp/client_context.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::notification {

absl::StatusOr<mail::Address> UserDirectory::Lookup(
    const std::string& user_id) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(user_id);
    if (it != cache_.end() && it->second.until > now) {
      return it->second.address;
    }
    if (cache_.size() > 10000) cache_.clear();  // a bound, rarely reached
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  rpc::Principal self;
  self.set_user_id(rpc::kNotificationService);
  rpc::AttachPrincipal(self, &ctx);
  directory::v1::GetUserRequest req;
  req.set_id(user_id);
  directory::v1::User user;
  grpc::Status s = stub_->GetUser(&ctx, req, &user);
  if (!s.ok()) {
    absl::Status status = rpc::FromGrpcStatus(s);
    if (status.code() == absl::StatusCode::kNotFound) return status;
    return absl::UnavailableError("directory: " +
                                  std::string(s.error_message()));
  }
  mail::Address a{user.email(), user.display_name()};
  std::lock_guard lock(mu_);
  cache_[user_id] = {a, now + keep_};
  return a;
}

}  // namespace briefdesk::notification
