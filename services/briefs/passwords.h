// Domain layer of the directory: passwords for the web app's sign-in.
// A person chooses one when taking up an invitation (invitations.h) or
// through a reset link, sent by e-mail on request (the notification
// service sends it, from a password_reset.requested event in the outbox)
// and good once within an hour. Choosing one by a link ends every session
// of the account. The bootstrap admin's comes from the environment, or
// from a one-time link the run command prints.
#ifndef BRIEFDESK_SERVICES_BRIEFS_PASSWORDS_H_
#define BRIEFDESK_SERVICES_BRIEFS_PASSWORDS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/clock/clock.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct PasswordSettings {
  EventRouting events;
  absl::Duration reset_validity = absl::Hours(1);
  // A request within this time of the last link's sends nothing new.
  absl::Duration resend_after = absl::Minutes(1);
  // The bootstrap admin's one-time link.
  absl::Duration admin_link_validity = absl::Hours(24);
  std::function<absl::Time()> now = [] {
    return absl::FromChrono(clock::Now());
  };
};

// Stores `password` as the user's, in `tx`; INVALID_ARGUMENT on field
// `password` when it breaks auth::PasswordProblem's rules.
absl::Status SetPassword(Tx& tx, const directory::v1::User& user,
                         const std::string& password, absl::Time now);

class Passwords {
 public:
  Passwords(Database* db, PasswordSettings settings)
      : db_(db), settings_(std::move(settings)) {}

  // OK whether or not the address has an account: nothing tells.
  absl::Status RequestReset(const std::string& email);
  // NOT_FOUND for a link that is unknown, used, replaced or expired.
  absl::StatusOr<directory::v1::CompletePasswordResetResponse> CompleteReset(
      const directory::v1::CompletePasswordResetRequest& req);

  // At start, for the bootstrap admin (`user_id`): gives it `email`, and
  // `password` when one is set. Without one, while the admin has no
  // password, answers a new one-time link's token (the earlier one stops
  // working); nullopt otherwise.
  absl::StatusOr<std::optional<std::string>> SetUpAdmin(
      const std::string& user_id, const std::string& email,
      const std::string& password);

 private:
  Database* db_;
  const PasswordSettings settings_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_PASSWORDS_H_
