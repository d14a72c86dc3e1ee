// Store layer: the sessions table (web-app sign-ins, by the SHA-256 of
// their cookie's token) and login_failures (the per-account limit on
// wrong passwords). Times are microseconds since the epoch from the
// domain's clock. Every function runs in the caller's unit of work.
#ifndef BRIEFDESK_SERVICES_BRIEFS_SESSION_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_SESSION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "briefdesk/directory/v1/directory.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct StoredSession {
  std::string id, user_agent;
  int64_t create_micros = 0, last_seen_micros = 0;
  // Its owner: id, roles, expertise and cohort (what a principal needs).
  directory::v1::User user;
};

void InsertSession(Tx& tx, const std::string& id, const std::string& token_hash,
                   const std::string& user_id, const std::string& user_agent,
                   int64_t now_micros);
// The session of this token hash, unless it was ended.
std::optional<StoredSession> SessionByToken(Tx& tx,
                                            const std::string& token_hash);
void TouchSession(Tx& tx, const std::string& id, int64_t now_micros);
// The user's sessions not ended, the latest used first.
std::vector<StoredSession> OpenSessionsOf(Tx& tx, const std::string& user_id);
// Ends the user's session `id`; false when the user has no such open one.
bool EndSession(Tx& tx, const std::string& id, const std::string& user_id,
                int64_t now_micros);
// Ends every open session of the user but the `keep` latest used.
void EndSessionsOf(Tx& tx, const std::string& user_id, int keep,
                   int64_t now_micros);

// A failed sign-in to the account; failures older than a day go.
void RecordLoginFailure(Tx& tx, const std::string& user_id, int64_t now_micros);
// The times of the account's failures since `since_micros`, oldest first.
std::vector<int64_t> LoginFailuresSince(Tx& tx, const std::string& user_id,
                                        int64_t since_micros);
void ClearLoginFailures(Tx& tx, const std::string& user_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_SESSION_STORE_H_
