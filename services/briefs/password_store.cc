#include "services/briefs/password_store.h"

#include "absl/strings/escaping.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace store {

void PreparePasswordStatements(pqxx::connection_base& conn) {
  conn.prepare("password_hash_of",
               "SELECT hash FROM passwords WHERE user_id = $1");
  conn.prepare("set_password_hash",
               "INSERT INTO passwords (user_id, hash, update_time) "
               "VALUES ($1, $2, to_timestamp($3 / 1e6)) ON CONFLICT (user_id) "
               "DO UPDATE SET hash = $2, update_time = to_timestamp($3 / 1e6)");
  conn.prepare("open_reset_time",
               "SELECT (extract(epoch FROM create_time) * 1000000)::bigint "
               "FROM password_resets WHERE user_id = $1 AND state = 'OPEN' "
               "AND expire_time > to_timestamp($2 / 1e6)");
  conn.prepare("replace_resets",
               "UPDATE password_resets SET state = 'REPLACED', "
               "end_time = to_timestamp($2 / 1e6) "
               "WHERE user_id = $1 AND state = 'OPEN'");
  conn.prepare("insert_reset",
               "INSERT INTO password_resets (token_hash, user_id, "
               "create_time, expire_time) VALUES (decode($1, 'hex'), $2, "
               "to_timestamp($3 / 1e6), to_timestamp($4 / 1e6))");
  conn.prepare("use_reset",
               "UPDATE password_resets SET state = 'USED', "
               "end_time = to_timestamp($2 / 1e6) "
               "WHERE token_hash = decode($1, 'hex') AND state = 'OPEN' AND "
               "expire_time > to_timestamp($2 / 1e6) RETURNING user_id");
}

}  // namespace store

std::string PasswordHashOf(Tx& tx, const std::string& user_id) {
  pqxx::result r =
      store::Reading(tx).exec_prepared("password_hash_of", user_id);
  return r.empty() ? std::string() : r[0][0].as<std::string>();
}

void SetPasswordHash(Tx& tx, const std::string& user_id,
                     const std::string& hash, int64_t now_micros) {
  store::Changing(tx).exec_prepared("set_password_hash", user_id, hash,
                                    now_micros);
}

std::optional<int64_t> OpenResetTime(Tx& tx, const std::string& user_id,
                                     int64_t now_micros) {
  pqxx::result r =
      store::Reading(tx).exec_prepared("open_reset_time", user_id, now_micros);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<int64_t>();
}

void ReplaceReset(Tx& tx, const std::string& token_hash,
                  const std::string& user_id, int64_t now_micros,
                  int64_t expire_micros) {
  auto& sql = store::Changing(tx);
  sql.exec_prepared("replace_resets", user_id, now_micros);
  sql.exec_prepared("insert_reset", absl::BytesToHexString(token_hash), user_id,
                    now_micros, expire_micros);
}

std::optional<std::string> UseReset(Tx& tx, const std::string& token_hash,
                                    int64_t now_micros) {
  pqxx::result r = store::Changing(tx).exec_prepared(
      "use_reset", absl::BytesToHexString(token_hash), now_micros);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

}  // namespace briefdesk::briefs
