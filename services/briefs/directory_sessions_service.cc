// The Directory's sign-in RPCs (sessions.h, passwords.h): one adapter each.
#include "libs/rpc/rpc.h"
#include "services/briefs/directory_service.h"

namespace briefdesk::briefs {

DirectoryService::Reactor* DirectoryService::CreateSession(
    Ctx* ctx, const dir::CreateSessionRequest* req,
    dir::CreateSessionResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(
        sessions_->Create(*req, rpc::ClientMetadata(*ctx, rpc::kUserAgentKey)),
        resp);
  });
}

DirectoryService::Reactor* DirectoryService::ListSessions(
    Ctx* ctx, const dir::ListSessionsRequest*,
    dir::ListSessionsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(sessions_->List(rpc::PrincipalFrom(*ctx)), resp);
  });
}

DirectoryService::Reactor* DirectoryService::DeleteSession(
    Ctx* ctx, const dir::DeleteSessionRequest* req,
    dir::DeleteSessionResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(sessions_->Delete(rpc::PrincipalFrom(*ctx), req->id()),
                      resp);
  });
}

DirectoryService::Reactor* DirectoryService::DeleteSessions(
    Ctx* ctx, const dir::DeleteSessionsRequest*,
    dir::DeleteSessionResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(sessions_->DeleteAll(rpc::PrincipalFrom(*ctx)), resp);
  });
}

DirectoryService::Reactor* DirectoryService::AuthenticateSession(
    Ctx* ctx, const dir::AuthenticateSessionRequest* req,
    dir::Principal* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(sessions_->Authenticate(req->session_token()), resp);
  });
}

DirectoryService::Reactor* DirectoryService::RequestPasswordReset(
    Ctx* ctx, const dir::RequestPasswordResetRequest* req,
    google::protobuf::Empty*) {
  return workers_->Run(ctx, [=, this] {
    return rpc::ToGrpcStatus(passwords_->RequestReset(req->email()));
  });
}

DirectoryService::Reactor* DirectoryService::CompletePasswordReset(
    Ctx* ctx, const dir::CompletePasswordResetRequest* req,
    dir::CompletePasswordResetResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(passwords_->CompleteReset(*req), resp);
  });
}

}  // namespace briefdesk::briefs
