// Store layer: the passwords table (Argon2id strings) and password_resets
// (the SHA-256 of single-use links' tokens). Times are microseconds since
// the epoch from the domain's clock. Every function runs in the caller's
// unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_PASSWORD_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_PASSWORD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "services/briefs/store.h"

namespace briefdesk::briefs {

// The user's password hash; "" when they have none.
std::string PasswordHashOf(Tx& tx, const std::string& user_id);
void SetPasswordHash(Tx& tx, const std::string& user_id,
                     const std::string& hash, int64_t now_micros);

// When the user's open, unexpired reset link was made; nullopt for none.
std::optional<int64_t> OpenResetTime(Tx& tx, const std::string& user_id,
                                     int64_t now_micros);
// Marks the user's open links REPLACED, then stores the new one.
void ReplaceReset(Tx& tx, const std::string& token_hash,
                  const std::string& user_id, int64_t now_micros,
                  int64_t expire_micros);
// The user whose open, unexpired link has this hash, marked USED; nullopt
// (nothing changed) for any other.
std::optional<std::string> UseReset(Tx& tx, const std::string& token_hash,
                                    int64_t now_micros);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_PASSWORD_STORE_H_
