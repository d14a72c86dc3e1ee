#include "services/briefs/passwords.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/ascii.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/passwords.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/password_store.h"
#include "services/briefs/session_store.h"
#include "services/briefs/user_store.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

// A new link for the user: the earlier ones stop working.
std::string NewResetLink(Tx& tx, const std::string& user_id, absl::Time now,
                         absl::Duration validity) {
  std::string token = auth::NewSecret("bdr_");
  ReplaceReset(tx, auth::TokenHash(token), user_id, absl::ToUnixMicros(now),
               absl::ToUnixMicros(now + validity));
  return token;
}

}  // namespace

absl::Status SetPassword(Tx& tx, const dir::User& user,
                         const std::string& password, absl::Time now) {
  if (auto problem = auth::PasswordProblem(password, user.email())) {
    return rpc::FieldError("password", *problem);
  }
  SetPasswordHash(tx, user.id(), auth::HashPassword(password),
                  absl::ToUnixMicros(now));
  return absl::OkStatus();
}

absl::Status Passwords::RequestReset(const std::string& given) {
  const absl::Time now = settings_.now();
  std::string email(absl::StripAsciiWhitespace(given));
  auto sent = db_->InTransaction<bool>([&](Tx& tx) -> absl::StatusOr<bool> {
    std::optional<dir::User> user = UserByEmail(tx, email);  // locked
    if (!user) return false;
    std::optional<int64_t> last =
        OpenResetTime(tx, user->id(), absl::ToUnixMicros(now));
    if (last && absl::FromUnixMicros(*last) + settings_.resend_after > now) {
      return false;  // one a minute: the last one is on its way
    }
    std::string token =
        NewResetLink(tx, user->id(), now, settings_.reset_validity);
    outbox::Event e =
        outbox::NewEvent(events::v1::PASSWORD_RESET_REQUESTED, "", user->id());
    events::v1::PasswordReset* r = e.mutable_password_reset();
    r->mutable_to()->set_user_id(user->id());
    r->mutable_to()->set_email(user->email());
    r->mutable_to()->set_display_name(user->display_name());
    r->set_token(token);
    *r->mutable_expire_time() =
        google::protobuf::util::TimeUtil::SecondsToTimestamp(
            absl::ToUnixSeconds(now + settings_.reset_validity));
    EnqueueEvent(tx, e, settings_.events.destinations, nullptr);
    return true;
  });
  if (!sent.ok()) return sent.status();
  if (*sent) settings_.events.wake();
  return absl::OkStatus();
}

absl::StatusOr<dir::CompletePasswordResetResponse> Passwords::CompleteReset(
    const dir::CompletePasswordResetRequest& req) {
  const absl::Time now = settings_.now();
  const int64_t now_us = absl::ToUnixMicros(now);
  return db_->InTransaction<dir::CompletePasswordResetResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::CompletePasswordResetResponse> {
        std::optional<std::string> user_id =
            UseReset(tx, auth::TokenHash(req.token()), now_us);
        if (!user_id) {
          return absl::NotFoundError(
              "this link does not work any more: it was used, a newer one "
              "was sent, or its hour passed; ask for a new one");
        }
        auto user = LoadUser(tx, *user_id);
        if (!user.ok()) return user.status();
        // A refused password rolls back: the link still works.
        if (absl::Status s = SetPassword(tx, *user, req.password(), now);
            !s.ok())
          return s;
        EndSessionsOf(tx, *user_id, 0, now_us);
        ClearLoginFailures(tx, *user_id);
        dir::CompletePasswordResetResponse out;
        out.set_email(user->email());
        return out;
      });
}

absl::StatusOr<std::optional<std::string>> Passwords::SetUpAdmin(
    const std::string& user_id, const std::string& email,
    const std::string& password) {
  const absl::Time now = settings_.now();
  return db_->InTransaction<std::optional<std::string>>(
      [&](Tx& tx) -> absl::StatusOr<std::optional<std::string>> {
        auto admin = LoadUser(tx, user_id);
        if (!admin.ok()) return admin.status();
        if (admin->email() != email) {
          if (EmailTaken(tx, email)) {
            return absl::AlreadyExistsError(
                "BRIEFDESK_ADMIN_EMAIL " + email +
                " belongs to another account; the admin keeps " +
                admin->email());
          }
          SetEmail(tx, user_id, email);
          admin->set_email(email);
        }
        std::string hash = PasswordHashOf(tx, user_id);
        if (!password.empty()) {
          if (!auth::VerifyPassword(hash, password)) {
            if (absl::Status s = SetPassword(tx, *admin, password, now);
                !s.ok())
              return s;
          }
          return std::optional<std::string>();
        }
        if (!hash.empty()) return std::optional<std::string>();
        return std::optional<std::string>(
            NewResetLink(tx, user_id, now, settings_.admin_link_validity));
      });
}

}  // namespace briefdesk::briefs
