// Domain layer of data rights in the briefs service: what it holds about
// the caller, for GET /v1/users/me:export (the gateway gathers every
// service's part; docs/data-rights.md). Only ever the caller's own.
#ifndef BRIEFDESK_SERVICES_BRIEFS_EXPORTS_H_
#define BRIEFDESK_SERVICES_BRIEFS_EXPORTS_H_

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/sessions.h"
#include "services/briefs/store.h"
#include "services/briefs/users.h"

namespace briefdesk::briefs {

class Exports {
 public:
  Exports(Database* db, Users* users, Sessions* sessions, ApiKeys* keys)
      : db_(db), users_(users), sessions_(sessions), keys_(keys) {}

  // The account: the person, their open sessions and working API keys.
  // UNAUTHENTICATED without a person.
  absl::StatusOr<directory::v1::AccountExport> Account(const rpc::Principal& p);
  // The briefs they wrote or co-wrote, every revision of each, and the
  // comment threads on them as the authors see them.
  absl::StatusOr<v1::BriefsExport> Briefs(const rpc::Principal& p);

 private:
  Database* db_;
  Users* users_;
  Sessions* sessions_;
  ApiKeys* keys_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_EXPORTS_H_
