#include "services/briefs/erasure_store.h"

#include <google/protobuf/util/time_util.h>

#include "services/briefs/brief_store.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using google::protobuf::util::TimeUtil;
using store::Changing;
using store::Reading;

}  // namespace

namespace store {

void PrepareErasureStatements(pqxx::connection_base& conn) {
  conn.prepare("lock_user", "SELECT 1 FROM users WHERE id = $1 FOR UPDATE");
  conn.prepare("load_erasure",
               "SELECT id, erased_by, (extract(epoch FROM erase_time) * "
               "1000000)::bigint, published_name FROM erasures "
               "WHERE user_id = $1");
  conn.prepare("insert_erasure",
               "INSERT INTO erasures (id, user_id, erased_by, erase_time, "
               "published_name) VALUES ($1, $2, $3, "
               "to_timestamp($4::double precision / 1000000), $5)");
  conn.prepare("erase_user",
               "UPDATE users SET display_name = $2, email = NULL, "
               "roles = '{}', expertise = '{}', "
               "erase_time = to_timestamp($3::double precision / 1000000) "
               "WHERE id = $1");
  conn.prepare("erase_keys",
               "UPDATE api_keys SET revoke_time = coalesce(revoke_time, "
               "now()) WHERE user_id = $1");
  conn.prepare("erase_password", "DELETE FROM passwords WHERE user_id = $1");
  conn.prepare("erase_sessions", "DELETE FROM sessions WHERE user_id = $1");
  conn.prepare("erase_failures",
               "DELETE FROM login_failures WHERE user_id = $1");
  conn.prepare("erase_resets",
               "DELETE FROM password_resets WHERE user_id = $1");
  conn.prepare("erase_invitations",
               "DELETE FROM invitations WHERE user_id = $1");
  // Stored first answers (kept a day for Idempotency-Key replays): the
  // person's own, and an admin's that holds their address (CreateUser).
  conn.prepare("erase_answers",
               "DELETE FROM idempotency_keys WHERE user_id = $1 OR ($2 <> '' "
               "AND position(convert_to($2, 'UTF8') IN response) > 0)");
}

}  // namespace store

void LockUser(Tx& tx, const std::string& user_id) {
  Changing(tx).exec_prepared("lock_user", user_id);
}

std::optional<dir::Erasure> ErasureOf(Tx& tx, const std::string& user_id) {
  pqxx::result r = Reading(tx).exec_prepared("load_erasure", user_id);
  if (r.empty()) return std::nullopt;
  dir::Erasure e;
  e.set_id(r[0][0].as<std::string>());
  e.set_user_id(user_id);
  e.set_erased_by(r[0][1].as<std::string>());
  *e.mutable_erase_time() = store::Micros(r[0][2]);
  e.set_published_name(r[0][3].as<std::string>());
  return e;
}

void EraseAccount(Tx& tx, const dir::Erasure& erasure,
                  const std::string& erased_name, const std::string& email) {
  const std::string& id = erasure.user_id();
  const int64_t micros =
      TimeUtil::TimestampToMicroseconds(erasure.erase_time());
  pqxx::transaction_base& sql = Changing(tx);
  sql.exec_prepared("insert_erasure", erasure.id(), id, erasure.erased_by(),
                    micros, erasure.published_name());
  sql.exec_prepared("erase_user", id, erased_name, micros);
  for (const char* statement :
       {"erase_keys", "erase_password", "erase_sessions", "erase_failures",
        "erase_resets", "erase_invitations"}) {
    sql.exec_prepared(statement, id);
  }
  sql.exec_prepared("erase_answers", id, email);
  AnnouncePublicationChange(tx, "*");  // bylines on any page
}

}  // namespace briefdesk::briefs
