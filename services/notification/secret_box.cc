#include "services/notification/secret_box.h"

#include <sodium.h>

namespace briefdesk::notification {
namespace {

constexpr std::string_view kPrefix = "sealed:v1:";

bool FromBase64(std::string_view in, std::string* out) {
  for (int variant : {sodium_base64_VARIANT_ORIGINAL,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    std::string buf(in.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(buf.data()),
                          buf.size(), in.data(), in.size(), nullptr, &len,
                          nullptr, variant) == 0) {
      buf.resize(len);
      *out = std::move(buf);
      return true;
    }
  }
  return false;
}

std::string ToBase64(const std::string& bin) {
  std::string out(
      sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bin.data()),
                    bin.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

absl::StatusOr<SecretBox> SecretBox::FromKey(std::string_view key) {
  SecretBox box;
  if (key.empty()) return box;
  std::string raw;
  if (!FromBase64(key, &raw) || raw.size() != crypto_secretbox_KEYBYTES) {
    return absl::InvalidArgumentError(
        "BRIEFDESK_WEBHOOK_SECRET_KEY must be 32 bytes in base64 (e.g. "
        "`head -c 32 /dev/urandom | base64`)");
  }
  box.key_ = std::move(raw);
  return box;
}

std::string SecretBox::Seal(std::string_view plain) const {
  if (key_.empty()) return std::string(plain);
  std::string sealed(
      crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(),
      '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return std::string(kPrefix) + ToBase64(sealed);
}

absl::StatusOr<std::string> SecretBox::Open(std::string_view stored) const {
  if (stored.substr(0, kPrefix.size()) != kPrefix) return std::string(stored);
  if (key_.empty()) {
    return absl::FailedPreconditionError(
        "the webhook secret is sealed and BRIEFDESK_WEBHOOK_SECRET_KEY is not "
        "set");
  }
  std::string sealed;
  if (!FromBase64(stored.substr(kPrefix.size()), &sealed) ||
      sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return absl::DataLossError("a sealed webhook secret is malformed");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  size_t cipher_len = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()),
          nonce + crypto_secretbox_NONCEBYTES, cipher_len, nonce,
          reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return absl::FailedPreconditionError(
        "a webhook secret does not open with BRIEFDESK_WEBHOOK_SECRET_KEY "
        "(another key, or altered)");
  }
  return plain;
}

}  // namespace briefdesk::notification
