#include "services/briefs/api_key_store.h"

#include "absl/strings/escaping.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using store::Changing;
using store::Reading;

}  // namespace

namespace store {

void PrepareApiKeyStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_key",
               "INSERT INTO api_keys (id, user_id, lookup, hash) "
               "VALUES ($1, $2, $3, decode($4, 'hex'))");
  conn.prepare("live_keys_by_lookup",
               "SELECT encode(k.hash, 'hex'), u.id, "
               "array_to_string(u.roles, ','), "
               "array_to_string(u.expertise, ','), u.cohort "
               "FROM api_keys k JOIN users u ON u.id = k.user_id "
               "WHERE k.lookup = $1 AND k.revoke_time IS NULL");
  conn.prepare("has_live_key",
               "SELECT 1 FROM api_keys WHERE lookup = $1 AND user_id = $2 "
               "AND revoke_time IS NULL");
  conn.prepare(
      "lock_keys_of",
      "SELECT pg_advisory_xact_lock(hashtextextended('keys:' || $1, 0))");
  conn.prepare("count_live_keys",
               "SELECT count(*) FROM api_keys WHERE user_id = $1 AND "
               "revoke_time IS NULL");
  conn.prepare("live_keys_of",
               "SELECT id, (extract(epoch FROM create_time) * 1000000)::bigint "
               "FROM api_keys WHERE user_id = $1 AND revoke_time IS NULL "
               "ORDER BY create_time DESC, id");
  conn.prepare("revoke_key",
               "UPDATE api_keys SET revoke_time = coalesce(revoke_time, "
               "now()) WHERE id = $1 AND user_id = $2 RETURNING id");
}

}  // namespace store

void InsertKey(Tx& tx, const std::string& id, const std::string& user_id,
               int64_t lookup, const std::string& hash) {
  Changing(tx).exec_prepared("insert_key", id, user_id, lookup,
                             absl::BytesToHexString(hash));
}

std::vector<StoredKey> LiveKeysByLookup(Tx& tx, int64_t lookup) {
  std::vector<StoredKey> out;
  for (const auto& row :
       Reading(tx).exec_prepared("live_keys_by_lookup", lookup)) {
    StoredKey k;
    k.hash = absl::HexStringToBytes(row[0].as<std::string>());
    k.user.set_id(row[1].as<std::string>());
    for (const std::string& name : store::SplitList(row[2])) {
      dir::Role role;
      if (dir::Role_Parse(name, &role)) k.user.add_roles(role);
    }
    for (std::string& t : store::SplitList(row[3])) {
      k.user.add_expertise(std::move(t));
    }
    k.user.set_cohort(row[4].as<std::string>());
    out.push_back(std::move(k));
  }
  return out;
}

bool HasLiveKey(Tx& tx, int64_t lookup, const std::string& user_id) {
  return !Reading(tx).exec_prepared("has_live_key", lookup, user_id).empty();
}

void LockKeysOf(Tx& tx, const std::string& user_id) {
  Reading(tx).exec_prepared("lock_keys_of", user_id);
}

int CountLiveKeys(Tx& tx, const std::string& user_id) {
  return Reading(tx).exec_prepared("count_live_keys", user_id)[0][0].as<int>();
}

std::vector<dir::ApiKey> LiveKeysOf(Tx& tx, const std::string& user_id) {
  std::vector<dir::ApiKey> keys;
  for (const auto& row : Reading(tx).exec_prepared("live_keys_of", user_id)) {
    dir::ApiKey& k = keys.emplace_back();
    k.set_key_id(row[0].as<std::string>());
    *k.mutable_create_time() = store::Micros(row[1]);
  }
  return keys;
}

bool RevokeKey(Tx& tx, const std::string& key_id, const std::string& user_id) {
  return !Changing(tx).exec_prepared("revoke_key", key_id, user_id).empty();
}

}  // namespace briefdesk::briefs
