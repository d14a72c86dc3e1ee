#include "services/briefs/user_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using store::Changing;
using store::Reading;

constexpr char kUserColumns[] =
    "SELECT id, display_name, coalesce(email, ''), "
    "array_to_string(roles, ','), array_to_string(expertise, ','), cohort, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM erase_time) * 1000000)::bigint FROM users ";

dir::User ReadUser(const pqxx::row& row) {
  dir::User u;
  u.set_id(row[0].as<std::string>());
  u.set_display_name(row[1].as<std::string>());
  u.set_email(row[2].as<std::string>());
  for (const std::string& name : store::SplitList(row[3])) {
    dir::Role role;
    if (dir::Role_Parse(name, &role)) u.add_roles(role);
  }
  for (std::string& t : store::SplitList(row[4])) {
    u.add_expertise(std::move(t));
  }
  u.set_cohort(row[5].as<std::string>());
  *u.mutable_create_time() = store::Micros(row[6]);
  if (!row[7].is_null()) *u.mutable_erase_time() = store::Micros(row[7]);
  return u;
}

std::string RoleNames(const dir::User& u) {
  std::vector<std::string> roles;
  for (int r : u.roles()) {
    roles.push_back(dir::Role_Name(static_cast<dir::Role>(r)));
  }
  return absl::StrJoin(roles, ",");
}

}  // namespace

namespace store {

void PrepareUserStatements(pqxx::connection_base& conn) {
  conn.prepare("load_user", absl::StrCat(kUserColumns, "WHERE id = $1"));
  conn.prepare("list_users",
               absl::StrCat(kUserColumns,
                            "WHERE id > $1 AND ($3 = '' OR $3 = ANY (roles)) "
                            "ORDER BY id LIMIT $2"));
  constexpr char kInsert[] =
      "INSERT INTO users (id, display_name, email, roles, expertise, cohort) "
      "VALUES ($1, $2, $3, string_to_array($4, ','), "
      "string_to_array($5, ','), $6) ";
  conn.prepare("insert_user", kInsert);
  conn.prepare("insert_user_once",
               absl::StrCat(kInsert, "ON CONFLICT (id) DO NOTHING"));
  conn.prepare("set_email", "UPDATE users SET email = $2 WHERE id = $1");
  conn.prepare("set_display_name",
               "UPDATE users SET display_name = $2 WHERE id = $1 AND "
               "erase_time IS NULL RETURNING id");
  conn.prepare("email_taken",
               "SELECT 1 FROM users WHERE lower(email) = lower($1)");
  conn.prepare("count_participants",
               "SELECT count(*) FROM users WHERE id = ANY "
               "(string_to_array($1, ',')) AND 'PARTICIPANT' = ANY (roles)");
  conn.prepare("user_cohort", "SELECT cohort FROM users WHERE id = $1");
  // Oldest first: where case-variants of one address were made before
  // e-mail addresses were compared without case, the first account wins.
  conn.prepare("user_by_email",
               absl::StrCat(kUserColumns,
                            "WHERE lower(email) = lower($1) ORDER BY id "
                            "LIMIT 1 FOR UPDATE"));
  // Two enrolments of one new address wait for each other, so that the
  // second finds the account the first made.
  conn.prepare("lock_email",
               "SELECT pg_advisory_xact_lock(hashtext(lower($1)))");
  conn.prepare("set_roles_expertise",
               "UPDATE users SET roles = string_to_array($2, ','), expertise "
               "= string_to_array($3, ',') WHERE id = $1");
}

}  // namespace store

absl::StatusOr<dir::User> LoadUser(Tx& tx, const std::string& id) {
  pqxx::result r = Reading(tx).exec_prepared("load_user", id);
  if (r.empty()) return absl::NotFoundError("user " + id + " not found");
  return ReadUser(r[0]);
}

std::vector<dir::User> ListUsers(Tx& tx, const std::string& after_id, int limit,
                                 const std::string& role) {
  pqxx::result r =
      Reading(tx).exec_prepared("list_users", after_id, limit, role);
  std::vector<dir::User> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(ReadUser(row));
  return out;
}

void InsertUser(Tx& tx, const dir::User& u) {
  Changing(tx).exec_prepared("insert_user", u.id(), u.display_name(), u.email(),
                             RoleNames(u), absl::StrJoin(u.expertise(), ","),
                             u.cohort());
}

bool InsertUserOnce(Tx& tx, const dir::User& u) {
  return Changing(tx)
             .exec_prepared("insert_user_once", u.id(), u.display_name(),
                            u.email(), RoleNames(u),
                            absl::StrJoin(u.expertise(), ","), u.cohort())
             .affected_rows() > 0;
}

void SetEmail(Tx& tx, const std::string& id, const std::string& email) {
  Changing(tx).exec_prepared("set_email", id, email);
}

bool SetDisplayName(Tx& tx, const std::string& id, const std::string& name) {
  return !Changing(tx).exec_prepared("set_display_name", id, name).empty();
}

bool EmailTaken(Tx& tx, const std::string& email) {
  return !Reading(tx).exec_prepared("email_taken", email).empty();
}

int CountParticipants(Tx& tx, const std::vector<std::string>& ids) {
  return Reading(tx)
      .exec_prepared("count_participants", absl::StrJoin(ids, ","))[0][0]
      .as<int>();
}

std::optional<dir::User> UserByEmail(Tx& tx, const std::string& email) {
  Changing(tx).exec_prepared("lock_email", email);
  pqxx::result r = Changing(tx).exec_prepared("user_by_email", email);
  if (r.empty()) return std::nullopt;
  return ReadUser(r[0]);
}

void SetRolesAndExpertise(Tx& tx, const dir::User& u) {
  Changing(tx).exec_prepared("set_roles_expertise", u.id(), RoleNames(u),
                             absl::StrJoin(u.expertise(), ","));
}

std::string CohortOf(Tx& tx, const std::string& id) {
  pqxx::result r = Reading(tx).exec_prepared("user_cohort", id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

}  // namespace briefdesk::briefs
