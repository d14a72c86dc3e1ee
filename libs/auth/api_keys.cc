#include "libs/auth/api_keys.h"

#include <sodium.h>

#include <chrono>
#include <cstring>

#include "absl/strings/escaping.h"

namespace briefdesk::auth {

bool Init() { return sodium_init() >= 0; }

std::string NewSecret(std::string_view prefix) {
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  std::string encoded = absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<char*>(secret), sizeof secret));
  sodium_memzero(secret, sizeof secret);
  return std::string(prefix) + encoded;
}

std::string NewApiKey() { return NewSecret("bdk_"); }

std::string CsrfTokenFor(std::string_view session_token) {
  KeyHash h = HashApiKey("briefdesk-csrf:" + std::string(session_token));
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

bool SameToken(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

KeyHash HashApiKey(std::string_view key) {
  KeyHash out;
  crypto_hash_sha256(out.data(),
                     reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  return out;
}

std::string TokenHash(std::string_view token) {
  KeyHash h = HashApiKey(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

int64_t LookupPrefix(const KeyHash& hash) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | hash[i];
  int64_t out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}

bool ConstantTimeEqual(const KeyHash& a, std::string_view b) {
  if (b.size() != a.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string NewId() {
  uint64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  unsigned char bytes[12];
  for (int i = 5; i >= 0; --i) {
    bytes[i] = ms & 0xff;
    ms >>= 8;
  }
  randombytes_buf(bytes + 6, 6);
  char hex[25];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, 24);
}

}  // namespace briefdesk::auth
