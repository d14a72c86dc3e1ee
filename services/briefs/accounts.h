// Domain layer of the directory: the accounts a course enrols by e-mail
// address. A person keeps one account across courses and years: an
// address without one gets a new account (without an API key: it comes
// from the invitation); one with an account gains the roles and expertise
// the course gives them. All or none of a request's people.
#ifndef BRIEFDESK_SERVICES_BRIEFS_ACCOUNTS_H_
#define BRIEFDESK_SERVICES_BRIEFS_ACCOUNTS_H_

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/invitations.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Accounts {
 public:
  Accounts(Database* db, InvitationSettings invitations)
      : db_(db), invitations_(std::move(invitations)) {}

  // Only the courses service calls it (PERMISSION_DENIED otherwise); each
  // person must have an e-mail address, and a new account a display name
  // (INVALID_ARGUMENT naming "people[i].displayName"). With an
  // invitation context, each account made is invited (invitations.h).
  absl::StatusOr<directory::v1::EnsureUsersResponse> Ensure(
      const rpc::Principal& p, const directory::v1::EnsureUsersRequest& req);

  // For service:courses: the cohort strings no course was made from yet,
  // with their users; and the link of one to its course (cohorts.cc).
  absl::StatusOr<directory::v1::ListLegacyCohortsResponse> LegacyCohorts(
      const rpc::Principal& p);
  absl::StatusOr<directory::v1::LinkCohortResponse> LinkCohort(
      const rpc::Principal& p, const directory::v1::LinkCohortRequest& req);

 private:
  Database* db_;
  const InvitationSettings invitations_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_ACCOUNTS_H_
