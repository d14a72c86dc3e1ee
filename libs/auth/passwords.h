// Passwords of the web app's sign-in: the rules a new one must meet, and
// Argon2id hashes (libsodium's crypto_pwhash_str, its interactive limits),
// whose strings carry their own salt and parameters.
#ifndef BRIEFDESK_LIBS_AUTH_PASSWORDS_H_
#define BRIEFDESK_LIBS_AUTH_PASSWORDS_H_

#include <optional>
#include <string>
#include <string_view>

namespace briefdesk::auth {

inline constexpr int kMinPasswordChars = 10;
inline constexpr int kMaxPasswordBytes = 1024;

// Why `password` cannot be a new password (a sentence for the person
// choosing it), or nullopt when it can: at least 10 characters, at most
// 1024 bytes of UTF-8, not the account's own e-mail address.
std::optional<std::string> PasswordProblem(std::string_view password,
                                           std::string_view email);

// The Argon2id string to store ("$argon2id$v=19$m=...").
std::string HashPassword(std::string_view password);
// Whether `password` is the one `hash` was made of. An empty or
// unreadable hash matches nothing (and takes the time a real one does, so
// that an unknown account cannot be told by the answer's speed).
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace briefdesk::auth

#endif  // BRIEFDESK_LIBS_AUTH_PASSWORDS_H_
