// API keys and ids. Keys are 256-bit random secrets; only their SHA-256 is
// stored. A key is found by the first 8 bytes of its hash (an indexed column)
// and then accepted only if the whole hash matches in constant time.
#ifndef BRIEFDESK_LIBS_AUTH_API_KEYS_H_
#define BRIEFDESK_LIBS_AUTH_API_KEYS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace briefdesk::auth {

using KeyHash = std::array<unsigned char, 32>;

// "bdk_" followed by 43 characters of URL-safe base64 (32 random bytes).
std::string NewApiKey();
// `prefix` and 32 random bytes the same way: a link's or a session's token.
std::string NewSecret(std::string_view prefix);

// The CSRF token of a web-app session: derived from the session cookie's
// token (SHA-256, URL-safe base64), so the gateway checks X-CSRF-Token
// without storing anything, and a page of another site, which can neither
// read the cookie nor the token, cannot forge it.
std::string CsrfTokenFor(std::string_view session_token);
// Equal bytes, compared in time that does not depend on where they differ.
bool SameToken(std::string_view a, std::string_view b);

KeyHash HashApiKey(std::string_view key);
// The same SHA-256 as 32 raw bytes in a string: what the stores keep of a
// link's or a session's token.
std::string TokenHash(std::string_view token);

// The lookup prefix of a hash, as a signed 64-bit number for a bigint column.
int64_t LookupPrefix(const KeyHash& hash);

bool ConstantTimeEqual(const KeyHash& a, std::string_view b);

// A new opaque id that sorts by creation time: 12 hex digits of milliseconds
// since the epoch then 12 random hex digits, e.g. "0193a1b2c3d4e5f60718293a".
std::string NewId();

// Initialises libsodium; call once before anything above. Returns false if the
// library cannot start (no entropy source).
bool Init();

}  // namespace briefdesk::auth

#endif  // BRIEFDESK_LIBS_AUTH_API_KEYS_H_
