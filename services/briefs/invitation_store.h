// Store layer: the invitations table (hashes of single-use link tokens),
// and whether an account ever had an API key. Every function runs in the
// caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_INVITATION_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_INVITATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "services/briefs/store.h"

namespace briefdesk::briefs {

// Marks the user's open invitations REPLACED, then stores the new one.
void ReplaceInvitation(Tx& tx, const std::string& token_hash,
                       const std::string& user_id, const std::string& course_id,
                       int64_t now_micros, int64_t expire_micros);
// The user whose open, unexpired invitation has this hash, marked USED;
// nullopt (nothing changed) for any other.
std::optional<std::string> UseInvitation(Tx& tx, const std::string& token_hash,
                                         int64_t now_micros);
// Serializes invitation changes and take-ups of one account until the
// transaction ends (a lock on its users row).
void LockAccount(Tx& tx, const std::string& user_id);
// Whether the user has taken up their account: they have (or had: revoked
// ones count) an API key, or they chose a password.
bool TookUpAccount(Tx& tx, const std::string& user_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_INVITATION_STORE_H_
