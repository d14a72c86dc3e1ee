#include "libs/storage/idempotency.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::storage {

IdempotencyScope ScopeFor(const std::string& user_id, const std::string& key,
                          const std::string& method,
                          const google::protobuf::Message& request) {
  IdempotencyScope s{user_id, key, method, ""};
  if (key.empty()) return s;
  std::string bytes;
  request.SerializeToString(&bytes);  // deterministic enough within a build
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  s.request_hash = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char*>(hash), sizeof hash));
  return s;
}

absl::StatusOr<std::optional<std::string>> FindAnswer(
    pqxx::work& tx, const IdempotencyScope& s) {
  if (s.key.empty()) return std::optional<std::string>();
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                 s.user_id + "\n" + s.key);
  pqxx::result r = tx.exec_params(
      "SELECT method, encode(request_hash, 'hex'), encode(response, 'base64') "
      "FROM idempotency_keys WHERE user_id = $1 AND key = $2 "
      "AND create_time > now() - interval '24 hours'",
      s.user_id, s.key);
  if (r.empty()) return std::optional<std::string>();
  if (r[0][0].as<std::string>() != s.method ||
      r[0][1].as<std::string>() != s.request_hash) {
    return rpc::FieldError(
        "Idempotency-Key",
        "was already used within 24 hours for a different request");
  }
  std::string encoded = r[0][2].as<std::string>(), answer;
  encoded.erase(std::remove(encoded.begin(), encoded.end(), '\n'),
                encoded.end());
  absl::Base64Unescape(encoded, &answer);
  return std::optional<std::string>(std::move(answer));
}

void SaveAnswer(pqxx::work& tx, const IdempotencyScope& s,
                const std::string& answer) {
  if (s.key.empty()) return;
  // An expired row for the same key is replaced.
  tx.exec_params(
      "INSERT INTO idempotency_keys (user_id, key, method, request_hash, "
      "response) VALUES ($1, $2, $3, decode($4, 'hex'), decode($5, 'base64')) "
      "ON CONFLICT (user_id, key) DO UPDATE SET method = EXCLUDED.method, "
      "request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, "
      "create_time = now()",
      s.user_id, s.key, s.method, s.request_hash, absl::Base64Escape(answer));
}

}  // namespace briefdesk::storage
