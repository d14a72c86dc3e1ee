// The Directory gRPC service: users, roles, expertise, cohorts and API keys.
// Keys are stored only as SHA-256 hashes and compared in constant time.
#ifndef BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_
#define BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::briefs {

namespace dir = directory::v1;

class DirectoryService final : public dir::Directory::Service {
 public:
  explicit DirectoryService(storage::PgPool* pool) : pool_(pool) {}

  // Makes `api_key` a working key of the bootstrap admin, creating that user
  // on first start. Idempotent across restarts.
  absl::Status EnsureBootstrapAdmin(const std::string& api_key);

  grpc::Status CreateUser(grpc::ServerContext* ctx,
                          const dir::CreateUserRequest* req,
                          dir::CreateUserResponse* resp) override;
  grpc::Status GetCurrentUser(grpc::ServerContext* ctx,
                              const dir::GetCurrentUserRequest* req,
                              dir::User* resp) override;
  grpc::Status ListUsers(grpc::ServerContext* ctx,
                         const dir::ListUsersRequest* req,
                         dir::ListUsersResponse* resp) override;
  grpc::Status GetUser(grpc::ServerContext* ctx, const dir::GetUserRequest* req,
                       dir::User* resp) override;
  grpc::Status CreateApiKey(grpc::ServerContext* ctx,
                            const dir::CreateApiKeyRequest* req,
                            dir::CreateApiKeyResponse* resp) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* ctx,
                            const dir::RevokeApiKeyRequest* req,
                            google::protobuf::Empty* resp) override;
  grpc::Status Authenticate(grpc::ServerContext* ctx,
                            const dir::AuthenticateRequest* req,
                            dir::Principal* resp) override;

 private:
  absl::StatusOr<dir::CreateUserResponse> Create(
      const rpc::Principal& p, const std::string& idempotency_key,
      const dir::CreateUserRequest& req);
  absl::StatusOr<dir::CreateApiKeyResponse> NewKey(
      const rpc::Principal& p, const std::string& idempotency_key,
      const dir::CreateApiKeyRequest& req);

  storage::PgPool* pool_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_
