// The Directory gRPC service, the transport of users.h, api_keys.h,
// accounts.h, invitations.h, sessions.h and passwords.h: one adapter per
// RPC on a call worker (the sign-in ones in directory_sessions_service.cc).
#ifndef BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_
#define BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "services/briefs/accounts.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/call_workers.h"
#include "services/briefs/erasures.h"
#include "services/briefs/exports.h"
#include "services/briefs/invitations.h"
#include "services/briefs/passwords.h"
#include "services/briefs/sessions.h"
#include "services/briefs/users.h"

namespace briefdesk::briefs {

namespace dir = directory::v1;

// The directory's domain objects.
struct DirectoryDomain {
  Users* users;
  Accounts* accounts;
  ApiKeys* keys;
  Invitations* invitations;
  Sessions* sessions;
  Passwords* passwords;
  Erasures* erasures;
  Exports* exports;
};

class DirectoryService final : public dir::Directory::CallbackService {
 public:
  DirectoryService(DirectoryDomain domain, CallWorkers* workers)
      : users_(domain.users),
        accounts_(domain.accounts),
        keys_(domain.keys),
        invitations_(domain.invitations),
        sessions_(domain.sessions),
        passwords_(domain.passwords),
        erasures_(domain.erasures),
        exports_(domain.exports),
        workers_(workers) {}

  using Ctx = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* CreateUser(Ctx* ctx, const dir::CreateUserRequest* req,
                      dir::CreateUserResponse* resp) override;
  Reactor* GetCurrentUser(Ctx* ctx, const dir::GetCurrentUserRequest* req,
                          dir::User* resp) override;
  Reactor* UpdateCurrentUser(Ctx* ctx, const dir::UpdateCurrentUserRequest* req,
                             dir::User* resp) override;
  Reactor* ListUsers(Ctx* ctx, const dir::ListUsersRequest* req,
                     dir::ListUsersResponse* resp) override;
  Reactor* GetUser(Ctx* ctx, const dir::GetUserRequest* req,
                   dir::User* resp) override;
  Reactor* CreateApiKey(Ctx* ctx, const dir::CreateApiKeyRequest* req,
                        dir::CreateApiKeyResponse* resp) override;
  Reactor* ListApiKeys(Ctx* ctx, const dir::ListApiKeysRequest* req,
                       dir::ListApiKeysResponse* resp) override;
  Reactor* RevokeApiKey(Ctx* ctx, const dir::RevokeApiKeyRequest* req,
                        google::protobuf::Empty* resp) override;
  Reactor* EnsureUsers(Ctx* ctx, const dir::EnsureUsersRequest* req,
                       dir::EnsureUsersResponse* resp) override;
  Reactor* InviteUser(Ctx* ctx, const dir::InviteUserRequest* req,
                      dir::User* resp) override;
  Reactor* AcceptInvitation(Ctx* ctx, const dir::AcceptInvitationRequest* req,
                            dir::AcceptInvitationResponse* resp) override;
  Reactor* ListLegacyCohorts(Ctx* ctx, const dir::ListLegacyCohortsRequest* req,
                             dir::ListLegacyCohortsResponse* resp) override;
  Reactor* LinkCohort(Ctx* ctx, const dir::LinkCohortRequest* req,
                      dir::LinkCohortResponse* resp) override;
  Reactor* Authenticate(Ctx* ctx, const dir::AuthenticateRequest* req,
                        dir::Principal* resp) override;
  // directory_sessions_service.cc
  Reactor* CreateSession(Ctx* ctx, const dir::CreateSessionRequest* req,
                         dir::CreateSessionResponse* resp) override;
  Reactor* ListSessions(Ctx* ctx, const dir::ListSessionsRequest* req,
                        dir::ListSessionsResponse* resp) override;
  Reactor* DeleteSession(Ctx* ctx, const dir::DeleteSessionRequest* req,
                         dir::DeleteSessionResponse* resp) override;
  Reactor* DeleteSessions(Ctx* ctx, const dir::DeleteSessionsRequest* req,
                          dir::DeleteSessionResponse* resp) override;
  Reactor* AuthenticateSession(Ctx* ctx,
                               const dir::AuthenticateSessionRequest* req,
                               dir::Principal* resp) override;
  Reactor* RequestPasswordReset(Ctx* ctx,
                                const dir::RequestPasswordResetRequest* req,
                                google::protobuf::Empty* resp) override;
  Reactor* CompletePasswordReset(
      Ctx* ctx, const dir::CompletePasswordResetRequest* req,
      dir::CompletePasswordResetResponse* resp) override;
  // data_rights_service.cc
  Reactor* EraseUser(Ctx* ctx, const dir::EraseUserRequest* req,
                     dir::Erasure* resp) override;
  Reactor* ExportAccount(Ctx* ctx, const dir::ExportAccountRequest* req,
                         dir::AccountExport* resp) override;

 private:
  Users* users_;
  Accounts* accounts_;
  ApiKeys* keys_;
  Invitations* invitations_;
  Sessions* sessions_;
  Passwords* passwords_;
  Erasures* erasures_;
  Exports* exports_;
  CallWorkers* workers_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_DIRECTORY_SERVICE_H_
