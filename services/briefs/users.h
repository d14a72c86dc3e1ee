// The user directory's rules: who adds users (admins), who reads them
// (admins and editors; the notification service lists editors), and what a
// valid user is.
#ifndef BRIEFDESK_SERVICES_BRIEFS_USERS_H_
#define BRIEFDESK_SERVICES_BRIEFS_USERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Users {
 public:
  explicit Users(Database* db) : db_(db) {}

  // A user and a first API key, shown once. ALREADY_EXISTS (field email)
  // for an email in use; with an Idempotency-Key a repeat answers the first
  // user, without the key.
  absl::StatusOr<directory::v1::CreateUserResponse> Create(
      const rpc::Principal& p, const std::string& idempotency_key,
      const directory::v1::CreateUserRequest& req);
  // The caller; UNAUTHENTICATED without a principal.
  absl::StatusOr<directory::v1::User> Current(const rpc::Principal& p);
  // The caller's display name; NOT_FOUND for a service principal.
  absl::StatusOr<directory::v1::User> UpdateCurrent(
      const rpc::Principal& p,
      const directory::v1::UpdateCurrentUserRequest& req);
  absl::StatusOr<directory::v1::ListUsersResponse> List(
      const rpc::Principal& p, const directory::v1::ListUsersRequest& req);
  absl::StatusOr<directory::v1::User> Get(const rpc::Principal& p,
                                          const std::string& id);

 private:
  Database* db_;
};

bool IsAdmin(const rpc::Principal& p);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_USERS_H_
