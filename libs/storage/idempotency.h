// Idempotency-Key support for creating POSTs (API.md): the first answer for a
// (user, key) is stored in the same transaction as what it created, and
// returned again for 24 hours instead of creating anything new. The
// service's database needs the idempotency_keys table of
// services/briefs/migrations/0001_init.sql.
#ifndef BRIEFDESK_LIBS_STORAGE_IDEMPOTENCY_H_
#define BRIEFDESK_LIBS_STORAGE_IDEMPOTENCY_H_

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"

namespace briefdesk::storage {

struct IdempotencyScope {
  std::string user_id;
  std::string key;     // empty: the request carries no Idempotency-Key
  std::string method;  // the RPC, so one key is not reused across routes
  std::string request_hash;
};

IdempotencyScope ScopeFor(const std::string& user_id, const std::string& key,
                          const std::string& method,
                          const google::protobuf::Message& request);

// Locks the scope for this transaction and returns the stored answer, if any.
// INVALID_ARGUMENT (field Idempotency-Key) when the key was used for a
// different request.
absl::StatusOr<std::optional<std::string>> FindAnswer(
    pqxx::work& tx, const IdempotencyScope& scope);
void SaveAnswer(pqxx::work& tx, const IdempotencyScope& scope,
                const std::string& answer);

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_IDEMPOTENCY_H_
