#include "services/briefs/invitation_store.h"

#include "absl/strings/escaping.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace store {

void PrepareInvitationStatements(pqxx::connection_base& conn) {
  conn.prepare("replace_invitations",
               "UPDATE invitations SET state = 'REPLACED', "
               "end_time = to_timestamp($2 / 1e6) "
               "WHERE user_id = $1 AND state = 'OPEN'");
  conn.prepare("insert_invitation",
               "INSERT INTO invitations (token_hash, user_id, course_id, "
               "create_time, expire_time) VALUES (decode($1, 'hex'), $2, $3, "
               "to_timestamp($4 / 1e6), to_timestamp($5 / 1e6))");
  conn.prepare(
      "use_invitation",
      "UPDATE invitations SET state = 'USED', "
      "end_time = to_timestamp($2 / 1e6) WHERE token_hash = decode($1, 'hex') "
      "AND "
      "state = 'OPEN' AND expire_time > to_timestamp($2 / 1e6) "
      "RETURNING user_id");
  conn.prepare("lock_account", "SELECT 1 FROM users WHERE id = $1 FOR UPDATE");
  conn.prepare("took_up_account",
               "SELECT 1 FROM api_keys WHERE user_id = $1 UNION ALL "
               "SELECT 1 FROM passwords WHERE user_id = $1 LIMIT 1");
}

}  // namespace store

void ReplaceInvitation(Tx& tx, const std::string& token_hash,
                       const std::string& user_id, const std::string& course_id,
                       int64_t now_micros, int64_t expire_micros) {
  auto& sql = store::Changing(tx);
  sql.exec_prepared("replace_invitations", user_id, now_micros);
  sql.exec_prepared("insert_invitation", absl::BytesToHexString(token_hash),
                    user_id, course_id, now_micros, expire_micros);
}

std::optional<std::string> UseInvitation(Tx& tx, const std::string& token_hash,
                                         int64_t now_micros) {
  pqxx::result r = store::Changing(tx).exec_prepared(
      "use_invitation", absl::BytesToHexString(token_hash), now_micros);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void LockAccount(Tx& tx, const std::string& user_id) {
  store::Changing(tx).exec_prepared("lock_account", user_id);
}

bool TookUpAccount(Tx& tx, const std::string& user_id) {
  return !store::Reading(tx).exec_prepared("took_up_account", user_id).empty();
}

}  // namespace briefdesk::briefs
