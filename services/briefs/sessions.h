// Domain layer of the directory: the web app's sign-ins. A session is made
// by an e-mail address and its password (Argon2id, libsodium) and known
// afterwards by its cookie's token, of which only the SHA-256 is kept. It
// ends when its owner signs it out (or out everywhere), when a password is
// reset, after an idle limit since its last use and after an absolute
// limit since its start. Five wrong passwords for an account within 15
// minutes hold it back until the first of them is 15 minutes old, right
// password or not.
#ifndef BRIEFDESK_SERVICES_BRIEFS_SESSIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_SESSIONS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/clock/clock.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct SessionSettings {
  absl::Duration idle = absl::Hours(12);
  absl::Duration absolute = absl::Hours(24 * 14);
  int max_failures = 5;
  absl::Duration failure_window = absl::Minutes(15);
  // Sessions one person keeps open at once; a new one ends the least
  // recently used beyond it.
  int max_open = 20;
  std::function<absl::Time()> now = [] {
    return absl::FromChrono(clock::Now());
  };
};

// The message of every wrong e-mail or password, whichever was wrong.
inline constexpr char kWrongSignIn[] = "wrong e-mail address or password";

class Sessions {
 public:
  Sessions(Database* db, SessionSettings settings)
      : db_(db), settings_(std::move(settings)) {}

  // UNAUTHENTICATED (kWrongSignIn) for an unknown address or a wrong
  // password; RESOURCE_EXHAUSTED with retry_after_seconds while the account
  // is held back.
  absl::StatusOr<directory::v1::CreateSessionResponse> Create(
      const directory::v1::CreateSessionRequest& req,
      const std::string& user_agent);
  // The principal (with session_id) of a token; UNAUTHENTICATED when its
  // session ended or expired. A use more than a minute after the last one
  // is recorded.
  absl::StatusOr<directory::v1::Principal> Authenticate(
      const std::string& token);
  absl::StatusOr<directory::v1::ListSessionsResponse> List(
      const rpc::Principal& p);
  // `id` may be "current". NOT_FOUND for a session not the caller's.
  absl::StatusOr<directory::v1::DeleteSessionResponse> Delete(
      const rpc::Principal& p, const std::string& id);
  absl::StatusOr<directory::v1::DeleteSessionResponse> DeleteAll(
      const rpc::Principal& p);

 private:
  Database* db_;
  const SessionSettings settings_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_SESSIONS_H_
