// API keys: made for a user by an admin or the user, at most 10 live at a
// time; revoked by the same; stored only as SHA-256 hashes and compared in
// constant time. Authentication turns a key into the principal the gateway
// passes on.
#ifndef BRIEFDESK_SERVICES_BRIEFS_API_KEYS_H_
#define BRIEFDESK_SERVICES_BRIEFS_API_KEYS_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// Keys a user may hold at once (revoked ones do not count): the rate limit
// is per key, so a cap keeps one person's allowance from growing without
// end.
inline constexpr int kMaxKeysPerUser = 10;

// The account of the admin made at first start.
inline constexpr char kBootstrapAdminId[] = "bootstrap-admin";

class ApiKeys {
 public:
  explicit ApiKeys(Database* db) : db_(db) {}

  // Makes `api_key` a working key of the bootstrap admin, creating that user
  // on first start. Idempotent across restarts.
  absl::Status EnsureBootstrapAdmin(const std::string& api_key);
  absl::StatusOr<directory::v1::CreateApiKeyResponse> Create(
      const rpc::Principal& p, const std::string& idempotency_key,
      const directory::v1::CreateApiKeyRequest& req);
  // The keys that work, newest first; NOT_FOUND for no such user.
  absl::StatusOr<directory::v1::ListApiKeysResponse> List(
      const rpc::Principal& p, const directory::v1::ListApiKeysRequest& req);
  absl::Status Revoke(const rpc::Principal& p,
                      const directory::v1::RevokeApiKeyRequest& req);
  // UNAUTHENTICATED for an unknown or revoked key.
  absl::StatusOr<directory::v1::Principal> Authenticate(
      const std::string& api_key);

 private:
  Database* db_;
};

// Inserts a new key (`key`, or a fresh one when empty) for the user and
// returns {key id, key}. In the caller's unit of work.
std::pair<std::string, std::string> AddKey(Tx& tx, const std::string& user_id,
                                           std::string key = "");

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_API_KEYS_H_
