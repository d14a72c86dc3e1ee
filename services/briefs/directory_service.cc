#include "services/briefs/directory_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"

namespace briefdesk::briefs {

DirectoryService::Reactor* DirectoryService::CreateUser(
    Ctx* ctx, const dir::CreateUserRequest* req,
    dir::CreateUserResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    dir::CreateUserRequest in = *req;
    text::NormalizeStrings(&in);  // names stored composed (NFC)
    return rpc::Reply(
        users_->Create(rpc::PrincipalFrom(*ctx),
                       rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), in),
        resp);
  });
}

DirectoryService::Reactor* DirectoryService::GetCurrentUser(
    Ctx* ctx, const dir::GetCurrentUserRequest*, dir::User* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(users_->Current(rpc::PrincipalFrom(*ctx)), resp);
  });
}

DirectoryService::Reactor* DirectoryService::UpdateCurrentUser(
    Ctx* ctx, const dir::UpdateCurrentUserRequest* req, dir::User* resp) {
  return workers_->Run(ctx, [=, this] {
    dir::UpdateCurrentUserRequest in = *req;
    text::NormalizeStrings(&in);  // names stored composed (NFC)
    return rpc::Reply(users_->UpdateCurrent(rpc::PrincipalFrom(*ctx), in),
                      resp);
  });
}

DirectoryService::Reactor* DirectoryService::ListUsers(
    Ctx* ctx, const dir::ListUsersRequest* req, dir::ListUsersResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(users_->List(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

DirectoryService::Reactor* DirectoryService::GetUser(
    Ctx* ctx, const dir::GetUserRequest* req, dir::User* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(users_->Get(rpc::PrincipalFrom(*ctx), req->id()), resp);
  });
}

DirectoryService::Reactor* DirectoryService::CreateApiKey(
    Ctx* ctx, const dir::CreateApiKeyRequest* req,
    dir::CreateApiKeyResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(
        keys_->Create(rpc::PrincipalFrom(*ctx),
                      rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), *req),
        resp);
  });
}

DirectoryService::Reactor* DirectoryService::ListApiKeys(
    Ctx* ctx, const dir::ListApiKeysRequest* req,
    dir::ListApiKeysResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(keys_->List(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

DirectoryService::Reactor* DirectoryService::RevokeApiKey(
    Ctx* ctx, const dir::RevokeApiKeyRequest* req, google::protobuf::Empty*) {
  return workers_->Run(ctx, [=, this] {
    return rpc::ToGrpcStatus(keys_->Revoke(rpc::PrincipalFrom(*ctx), *req));
  });
}

DirectoryService::Reactor* DirectoryService::EnsureUsers(
    Ctx* ctx, const dir::EnsureUsersRequest* req,
    dir::EnsureUsersResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    dir::EnsureUsersRequest in = *req;
    text::NormalizeStrings(&in);  // names stored composed (NFC)
    return rpc::Reply(accounts_->Ensure(rpc::PrincipalFrom(*ctx), in), resp);
  });
}

DirectoryService::Reactor* DirectoryService::Authenticate(
    Ctx* ctx, const dir::AuthenticateRequest* req, dir::Principal* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(keys_->Authenticate(req->api_key()), resp);
  });
}

DirectoryService::Reactor* DirectoryService::InviteUser(
    Ctx* ctx, const dir::InviteUserRequest* req, dir::User* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(invitations_->Reinvite(rpc::PrincipalFrom(*ctx), *req),
                      resp);
  });
}

DirectoryService::Reactor* DirectoryService::AcceptInvitation(
    Ctx* ctx, const dir::AcceptInvitationRequest* req,
    dir::AcceptInvitationResponse* resp) {
  return workers_->Run(
      ctx, [=, this] { return rpc::Reply(invitations_->Accept(*req), resp); });
}

DirectoryService::Reactor* DirectoryService::ListLegacyCohorts(
    Ctx* ctx, const dir::ListLegacyCohortsRequest*,
    dir::ListLegacyCohortsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(accounts_->LegacyCohorts(rpc::PrincipalFrom(*ctx)), resp);
  });
}

DirectoryService::Reactor* DirectoryService::LinkCohort(
    Ctx* ctx, const dir::LinkCohortRequest* req,
    dir::LinkCohortResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(accounts_->LinkCohort(rpc::PrincipalFrom(*ctx), *req),
                      resp);
  });
}

}  // namespace briefdesk::briefs
