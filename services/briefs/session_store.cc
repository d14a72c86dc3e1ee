#include "services/briefs/session_store.h"

#include "absl/strings/escaping.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using store::Changing;
using store::Reading;

constexpr char kMicros[] = "(extract(epoch FROM %s) * 1000000)::bigint";

std::string MicrosOf(const char* column) {
  std::string out = kMicros;
  out.replace(out.find("%s"), 2, column);
  return out;
}

StoredSession ReadSession(const pqxx::row& row) {
  StoredSession s;
  s.id = row[0].as<std::string>();
  s.user_agent = row[1].as<std::string>();
  s.create_micros = row[2].as<int64_t>();
  s.last_seen_micros = row[3].as<int64_t>();
  s.user.set_id(row[4].as<std::string>());
  for (const std::string& name : store::SplitList(row[5])) {
    dir::Role role;
    if (dir::Role_Parse(name, &role)) s.user.add_roles(role);
  }
  for (std::string& t : store::SplitList(row[6])) {
    s.user.add_expertise(std::move(t));
  }
  s.user.set_cohort(row[7].as<std::string>());
  return s;
}

std::string SessionColumns() {
  return "SELECT s.id, s.user_agent, " + MicrosOf("s.create_time") + ", " +
         MicrosOf("s.last_seen_time") +
         ", u.id, array_to_string(u.roles, ','), "
         "array_to_string(u.expertise, ','), u.cohort "
         "FROM sessions s JOIN users u ON u.id = s.user_id ";
}

}  // namespace

namespace store {

void PrepareSessionStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_session",
               "INSERT INTO sessions (id, token_hash, user_id, user_agent, "
               "create_time, last_seen_time) VALUES ($1, decode($2, 'hex'), "
               "$3, $4, to_timestamp($5 / 1e6), to_timestamp($5 / 1e6))");
  conn.prepare("session_by_token",
               SessionColumns() +
                   "WHERE s.token_hash = decode($1, 'hex') AND "
                   "s.end_time IS NULL");
  conn.prepare("touch_session",
               "UPDATE sessions SET last_seen_time = to_timestamp($2 / 1e6) "
               "WHERE id = $1 AND end_time IS NULL");
  conn.prepare("open_sessions_of",
               SessionColumns() +
                   "WHERE s.user_id = $1 AND s.end_time IS NULL "
                   "ORDER BY s.last_seen_time DESC, s.id DESC");
  conn.prepare("end_session",
               "UPDATE sessions SET end_time = to_timestamp($3 / 1e6) "
               "WHERE id = $1 AND user_id = $2 AND end_time IS NULL "
               "RETURNING id");
  conn.prepare("end_sessions_of",
               "UPDATE sessions SET end_time = to_timestamp($3 / 1e6) "
               "WHERE user_id = $1 AND end_time IS NULL AND id NOT IN ("
               "SELECT id FROM sessions WHERE user_id = $1 AND end_time IS "
               "NULL ORDER BY last_seen_time DESC, id DESC LIMIT $2)");
  conn.prepare("record_login_failure",
               "WITH pruned AS (DELETE FROM login_failures WHERE user_id = $1 "
               "AND time < to_timestamp($2 / 1e6) - interval '1 day') "
               "INSERT INTO login_failures (user_id, time) "
               "VALUES ($1, to_timestamp($2 / 1e6))");
  conn.prepare("login_failures_since",
               "SELECT " + MicrosOf("time") +
                   " FROM login_failures WHERE user_id = $1 AND "
                   "time >= to_timestamp($2 / 1e6) ORDER BY time");
  conn.prepare("clear_login_failures",
               "DELETE FROM login_failures WHERE user_id = $1");
}

}  // namespace store

void InsertSession(Tx& tx, const std::string& id, const std::string& token_hash,
                   const std::string& user_id, const std::string& user_agent,
                   int64_t now_micros) {
  Changing(tx).exec_prepared("insert_session", id,
                             absl::BytesToHexString(token_hash), user_id,
                             user_agent, now_micros);
}

std::optional<StoredSession> SessionByToken(Tx& tx,
                                            const std::string& token_hash) {
  pqxx::result r = Reading(tx).exec_prepared(
      "session_by_token", absl::BytesToHexString(token_hash));
  if (r.empty()) return std::nullopt;
  return ReadSession(r[0]);
}

void TouchSession(Tx& tx, const std::string& id, int64_t now_micros) {
  Changing(tx).exec_prepared("touch_session", id, now_micros);
}

std::vector<StoredSession> OpenSessionsOf(Tx& tx, const std::string& user_id) {
  std::vector<StoredSession> out;
  for (const auto& row : Reading(tx).exec_prepared("open_sessions_of", user_id))
    out.push_back(ReadSession(row));
  return out;
}

bool EndSession(Tx& tx, const std::string& id, const std::string& user_id,
                int64_t now_micros) {
  return !Changing(tx)
              .exec_prepared("end_session", id, user_id, now_micros)
              .empty();
}

void EndSessionsOf(Tx& tx, const std::string& user_id, int keep,
                   int64_t now_micros) {
  Changing(tx).exec_prepared("end_sessions_of", user_id, keep, now_micros);
}

void RecordLoginFailure(Tx& tx, const std::string& user_id,
                        int64_t now_micros) {
  Changing(tx).exec_prepared("record_login_failure", user_id, now_micros);
}

std::vector<int64_t> LoginFailuresSince(Tx& tx, const std::string& user_id,
                                        int64_t since_micros) {
  std::vector<int64_t> out;
  for (const auto& row :
       Reading(tx).exec_prepared("login_failures_since", user_id, since_micros))
    out.push_back(row[0].as<int64_t>());
  return out;
}

void ClearLoginFailures(Tx& tx, const std::string& user_id) {
  Changing(tx).exec_prepared("clear_login_failures", user_id);
}

}  // namespace briefdesk::briefs
