#include "services/briefs/revision_store.h"

#include "absl/strings/str_cat.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

using store::Changing;
using store::Reading;

constexpr char kRevisionColumns[] =
    "brief_id, number, author_id, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, title, "
    "policy_question, topic, country, constituency, summary, problem, "
    "evidence, options, recommendations, \"references\", language "
    "FROM revisions ";

v1::Revision ReadRevision(const pqxx::row& row) {
  v1::Revision r;
  r.set_brief_id(row[0].as<std::string>());
  r.set_number(row[1].as<int>());
  r.set_author_id(row[2].as<std::string>());
  *r.mutable_create_time() = store::Micros(row[3]);
  r.set_title(row[4].as<std::string>());
  r.set_policy_question(row[5].as<std::string>());
  r.set_topic(row[6].as<std::string>());
  r.set_country(row[7].as<std::string>());
  r.set_constituency(store::ReadConstituency(row[8]));
  store::ReadSections(row, 9, r.mutable_sections());
  r.set_language(row[15].as<std::string>());
  // A revision never changes, so its number is a strong entity tag.
  r.set_etag(absl::StrCat("r", r.number()));
  return r;
}

}  // namespace

namespace store {

void PrepareRevisionStatements(pqxx::connection_base& conn) {
  conn.prepare("load_revision", absl::StrCat("SELECT ", kRevisionColumns,
                                             "WHERE brief_id = $1 AND "
                                             "number = $2"));
  conn.prepare(
      "insert_revision",
      "INSERT INTO revisions (brief_id, number, author_id, title, "
      "policy_question, topic, country, constituency, summary, problem, "
      "evidence, options, recommendations, \"references\", language) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
  conn.prepare("list_revisions",
               "SELECT number, author_id, "
               "(extract(epoch FROM create_time) * 1000000)::bigint, "
               "octet_length(title) + octet_length(policy_question) + "
               "octet_length(summary) + octet_length(problem) + "
               "octet_length(evidence) + octet_length(options) + "
               "octet_length(recommendations) + octet_length(\"references\") "
               "FROM revisions WHERE brief_id = $1 AND number > $2 "
               "ORDER BY number LIMIT $3");
  // The head moves only from `version` ($15) and from the revision before;
  // the inserts read what the UPDATE returned, so when it matched no row
  // they insert none. The transitions table is written here too: an edit
  // and its history entry are one statement, one commit.
  conn.prepare(
      "append_revision",
      "WITH head AS ("
      " UPDATE briefs SET revision = $2, version = version + 1,"
      " update_time = now() WHERE id = $1 AND version = $15"
      " AND revision = $2 - 1 RETURNING id, version,"
      " (extract(epoch FROM update_time) * 1000000)::bigint AS update_us),"
      " rev AS (INSERT INTO revisions (brief_id, number, author_id, title,"
      " policy_question, topic, country, constituency, summary, problem,"
      " evidence, options, recommendations, \"references\", language)"
      " SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
      " $17 FROM head),"
      " history AS (INSERT INTO transitions (brief_id, action, from_state,"
      " to_state, actor_id, revision) SELECT id, 'edit', $16, $16, $3, $2"
      " FROM head)"
      " SELECT version, update_us FROM head");
}

}  // namespace store

absl::StatusOr<v1::Revision> LoadRevision(Tx& tx, const std::string& brief_id,
                                          int number) {
  pqxx::result r = Reading(tx).exec_prepared("load_revision", brief_id, number);
  if (r.empty()) {
    return absl::NotFoundError(
        absl::StrCat("brief ", brief_id, " has no revision ", number));
  }
  return ReadRevision(r[0]);
}

void InsertRevision(Tx& tx, const v1::Revision& r) {
  const v1::Sections& s = r.sections();
  Changing(tx).exec_prepared(
      "insert_revision", r.brief_id(), r.number(), r.author_id(), r.title(),
      r.policy_question(), r.topic(), r.country(),
      v1::Constituency_Name(r.constituency()), s.summary(), s.problem(),
      s.evidence(), s.options(), s.recommendations(), s.references(),
      r.language());
}

std::vector<v1::RevisionInfo> ListRevisions(Tx& tx, const std::string& brief_id,
                                            int after_number, int limit) {
  pqxx::result r = Reading(tx).exec_prepared("list_revisions", brief_id,
                                             after_number, limit);
  std::vector<v1::RevisionInfo> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    v1::RevisionInfo info;
    info.set_number(row[0].as<int>());
    info.set_author_id(row[1].as<std::string>());
    *info.mutable_create_time() = store::Micros(row[2]);
    info.set_size(row[3].as<int64_t>());
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<Appended> AppendRevision(Tx& tx, const v1::Revision& r,
                                       v1::BriefState state, int version) {
  const v1::Sections& s = r.sections();
  pqxx::result res = Changing(tx).exec_prepared(
      "append_revision", r.brief_id(), r.number(), r.author_id(), r.title(),
      r.policy_question(), r.topic(), r.country(),
      v1::Constituency_Name(r.constituency()), s.summary(), s.problem(),
      s.evidence(), s.options(), s.recommendations(), s.references(), version,
      v1::BriefState_Name(state), r.language());
  if (res.empty()) return std::nullopt;
  Appended out;
  out.version = res[0][0].as<int>();
  out.update_time = store::Micros(res[0][1]);
  return out;
}

}  // namespace briefdesk::briefs
