#include "libs/auth/passwords.h"

#include <sodium.h>

#include <cctype>
#include <stdexcept>
#include <string>

namespace briefdesk::auth {
namespace {

// Characters, not bytes: "ñ" or "中" count once.
int CodePoints(std::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// A hash of a password nobody has, to verify against for unknown accounts.
const std::string& DecoyHash() {
  static const std::string hash = HashPassword("briefdesk decoy password");
  return hash;
}

}  // namespace

std::optional<std::string> PasswordProblem(std::string_view password,
                                           std::string_view email) {
  if (password.size() > static_cast<size_t>(kMaxPasswordBytes)) {
    return "a password can be at most 1024 bytes long";
  }
  if (CodePoints(password) < kMinPasswordChars) {
    return "choose a password of at least 10 characters";
  }
  if (SameIgnoringCase(password, email)) {
    return "choose a password other than your e-mail address";
  }
  return std::nullopt;
}

std::string HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory hashing a password");
  }
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  bool usable = !hash.empty() && hash.size() < crypto_pwhash_STRBYTES;
  std::string stored = usable ? std::string(hash) : DecoyHash();
  bool ok = crypto_pwhash_str_verify(stored.c_str(), password.data(),
                                     password.size()) == 0;
  return ok && usable;
}

}  // namespace briefdesk::auth
