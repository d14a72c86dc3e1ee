// The api_keys table: SHA-256 hashes of API keys, found by their first 8
// bytes (`lookup`). Every function runs in the caller's unit of work
// (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_API_KEY_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_API_KEY_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "briefdesk/directory/v1/directory.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

void InsertKey(Tx& tx, const std::string& id, const std::string& user_id,
               int64_t lookup, const std::string& hash);
// A live (unrevoked) key with this lookup prefix and its owner.
struct StoredKey {
  std::string hash;  // raw SHA-256 bytes
  directory::v1::User user;
};
// Every live key with this prefix, with its owner, in one statement.
std::vector<StoredKey> LiveKeysByLookup(Tx& tx, int64_t lookup);
bool HasLiveKey(Tx& tx, int64_t lookup, const std::string& user_id);
// Serializes key creation per user until the transaction ends.
void LockKeysOf(Tx& tx, const std::string& user_id);
int CountLiveKeys(Tx& tx, const std::string& user_id);
// The user's live keys, newest first.
std::vector<directory::v1::ApiKey> LiveKeysOf(Tx& tx,
                                              const std::string& user_id);
// Revokes the key (a revoked one keeps its time); false when the user has
// no such key.
bool RevokeKey(Tx& tx, const std::string& key_id, const std::string& user_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_API_KEY_STORE_H_
