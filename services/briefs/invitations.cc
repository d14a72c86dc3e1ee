#include "services/briefs/invitations.h"

#include <google/protobuf/util/time_util.h>

#include "libs/auth/api_keys.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/invitation_store.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/passwords.h"
#include "services/briefs/user_store.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

}  // namespace

void IssueInvitation(Tx& tx, const dir::User& user,
                     const dir::InvitationContext& context,
                     const InvitationSettings& settings) {
  LockAccount(tx, user.id());
  std::string token = auth::NewApiKey();
  absl::Time now = settings.now();
  absl::Time expires = now + settings.validity;
  ReplaceInvitation(tx, auth::TokenHash(token), user.id(), context.course_id(),
                    absl::ToUnixMicros(now), absl::ToUnixMicros(expires));
  outbox::Event e =
      outbox::NewEvent(events::v1::INVITATION_SENT, "", rpc::kCoursesService);
  events::v1::Invitation* inv = e.mutable_invitation();
  inv->mutable_to()->set_user_id(user.id());
  inv->mutable_to()->set_email(user.email());
  inv->mutable_to()->set_display_name(user.display_name());
  inv->set_course_id(context.course_id());
  inv->set_course_title(context.course_title());
  inv->set_language(context.language());
  inv->set_token(token);
  *inv->mutable_expire_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(expires));
  inv->set_invited_by(context.invited_by());
  EnqueueEvent(tx, e, settings.events.destinations, nullptr);
}

absl::StatusOr<dir::User> Invitations::Reinvite(
    const rpc::Principal& p, const dir::InviteUserRequest& req) {
  if (p.user_id() != rpc::kCoursesService) {
    return absl::PermissionDeniedError("only the courses service invites");
  }
  auto user =
      db_->InTransaction<dir::User>([&](Tx& tx) -> absl::StatusOr<dir::User> {
        auto u = LoadUser(tx, req.user_id());
        if (!u.ok()) return u.status();
        LockAccount(tx, u->id());
        if (TookUpAccount(tx, u->id())) {
          return absl::FailedPreconditionError(
              "this person has taken up their account: no invitation needed");
        }
        IssueInvitation(tx, *u, req.invitation(), settings_);
        u->set_invitation_pending(true);
        return u;
      });
  if (user.ok()) settings_.events.wake();
  return user;
}

absl::StatusOr<dir::AcceptInvitationResponse> Invitations::Accept(
    const dir::AcceptInvitationRequest& req) {
  const absl::Time now = settings_.now();
  return db_->InTransaction<dir::AcceptInvitationResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::AcceptInvitationResponse> {
        std::optional<std::string> user_id = UseInvitation(
            tx, auth::TokenHash(req.token()), absl::ToUnixMicros(now));
        const absl::Status gone = absl::NotFoundError(
            "this invitation link does not work: it was used, a newer one "
            "was sent, or it expired; ask the course's organizers to send "
            "it again");
        if (!user_id) return gone;
        LockAccount(tx, *user_id);
        if (TookUpAccount(tx, *user_id)) return gone;  // taken up otherwise
        auto user = LoadUser(tx, *user_id);
        if (!user.ok()) return user.status();
        dir::AcceptInvitationResponse out;
        if (!req.password().empty()) {
          // Refused: the transaction rolls back and the link still works.
          if (absl::Status s = SetPassword(tx, *user, req.password(), now);
              !s.ok())
            return s;
        } else {
          auto [key_id, key] = AddKey(tx, *user_id);
          out.set_key_id(key_id);
          out.set_api_key(key);
        }
        *out.mutable_user() = *std::move(user);
        return out;
      });
}

}  // namespace briefdesk::briefs
