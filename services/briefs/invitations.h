// Domain layer of the directory: invitations. An account made by an
// enrolment has no API key; its person gets an e-mail (the
// notification service sends it, from an invitation.sent event in the
// outbox) with a single-use link, valid for a while (14 days by default).
// Taking it up gives the account its password for the web app, or its
// first API key. Sending it again
// (an organizer's re-send) makes a new link and voids the old ones. Only
// the SHA-256 of a link's token is stored.
#ifndef BRIEFDESK_SERVICES_BRIEFS_INVITATIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_INVITATIONS_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/clock/clock.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct InvitationSettings {
  EventRouting events;
  absl::Duration validity = absl::Hours(24 * 14);
  std::function<absl::Time()> now = [] {
    return absl::FromChrono(clock::Now());
  };
};

// A new invitation for `user` in `tx`: the old links stop working, the
// new one's event goes to the outbox.
void IssueInvitation(Tx& tx, const directory::v1::User& user,
                     const directory::v1::InvitationContext& context,
                     const InvitationSettings& settings);

class Invitations {
 public:
  Invitations(Database* db, InvitationSettings settings)
      : db_(db), settings_(std::move(settings)) {}

  // For service:courses: FAILED_PRECONDITION once the account has a key.
  absl::StatusOr<directory::v1::User> Reinvite(
      const rpc::Principal& p, const directory::v1::InviteUserRequest& req);
  // No principal needed: the token is the credential. NOT_FOUND for a
  // token that is unknown, used, replaced or expired. With a password the
  // account gets it (INVALID_ARGUMENT on field `password`, the link still
  // good, when it breaks the rules); without, its first API key.
  absl::StatusOr<directory::v1::AcceptInvitationResponse> Accept(
      const directory::v1::AcceptInvitationRequest& req);

 private:
  Database* db_;
  const InvitationSettings settings_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_INVITATIONS_H_
