// Webhook signing secrets at rest: sealed with XSalsa20-Poly1305 (libsodium
// crypto_secretbox) under BRIEFDESK_WEBHOOK_SECRET_KEY, so a copy of the
// database does not give away the secrets receivers verify signatures with.
// Secrets stored before a key was set stay readable as they are.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_SECRET_BOX_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_SECRET_BOX_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace briefdesk::notification {

class SecretBox {
 public:
  // No key: secrets are kept as they are.
  SecretBox() = default;
  // `key`: 32 bytes in base64 (standard or URL-safe, padding optional);
  // empty for none. INVALID_ARGUMENT for anything else.
  static absl::StatusOr<SecretBox> FromKey(std::string_view key);

  bool sealing() const { return !key_.empty(); }
  // "sealed:v1:" and the base64 of nonce, tag and ciphertext; `plain` itself
  // when there is no key.
  std::string Seal(std::string_view plain) const;
  // The secret of a stored value: unsealed, or as stored when it was never
  // sealed. An error when it was sealed under another key or altered.
  absl::StatusOr<std::string> Open(std::string_view stored) const;

 private:
  std::string key_;  // 32 raw bytes, or empty
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_SECRET_BOX_H_
