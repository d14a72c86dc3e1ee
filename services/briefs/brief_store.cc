#include "services/briefs/brief_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace briefdesk::briefs {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kBriefColumns[] =
    "b.id, b.author_id, array_to_string(b.co_author_ids, ','), b.cohort, "
    "b.state, b.revision, b.version, "
    "(extract(epoch FROM b.create_time) * 1000000)::bigint, "
    "(extract(epoch FROM b.update_time) * 1000000)::bigint, "
    "(extract(epoch FROM b.publish_time) * 1000000)::bigint, b.slug, "
    "r.title, r.policy_question, r.topic, r.country, r.constituency, "
    "r.summary, r.problem, r.evidence, r.options, r.recommendations, "
    "r.\"references\" "
    "FROM briefs b JOIN revisions r ON r.brief_id = b.id "
    "AND r.number = b.revision ";

constexpr char kRevisionColumns[] =
    "brief_id, number, author_id, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, title, "
    "policy_question, topic, country, constituency, summary, problem, "
    "evidence, options, recommendations, \"references\" FROM revisions ";

google::protobuf::Timestamp Micros(const pqxx::field& f) {
  return TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

std::vector<std::string> SplitList(const pqxx::field& f) {
  return absl::StrSplit(f.as<std::string>(), ',', absl::SkipEmpty());
}

v1::BriefState ParseStateName(const std::string& s) {
  v1::BriefState out = v1::STATE_UNSPECIFIED;
  v1::BriefState_Parse(s, &out);
  return out;
}

v1::Constituency ParseConstituency(const std::string& s) {
  v1::Constituency out = v1::CONSTITUENCY_UNSPECIFIED;
  v1::Constituency_Parse(s, &out);
  return out;
}

void ReadSections(const pqxx::row& row, int first, v1::Sections* s) {
  s->set_summary(row[first].as<std::string>());
  s->set_problem(row[first + 1].as<std::string>());
  s->set_evidence(row[first + 2].as<std::string>());
  s->set_options(row[first + 3].as<std::string>());
  s->set_recommendations(row[first + 4].as<std::string>());
  s->set_references(row[first + 5].as<std::string>());
}

v1::Brief ReadBrief(const pqxx::row& row) {
  v1::Brief b;
  b.set_id(row[0].as<std::string>());
  b.set_author_id(row[1].as<std::string>());
  for (auto& id : SplitList(row[2])) b.add_co_author_ids(id);
  b.set_cohort(row[3].as<std::string>());
  b.set_state(ParseStateName(row[4].as<std::string>()));
  b.set_revision(row[5].as<int>());
  b.set_etag(MakeEtag(b.revision(), row[6].as<int>()));
  *b.mutable_create_time() = Micros(row[7]);
  *b.mutable_update_time() = Micros(row[8]);
  if (!row[9].is_null()) *b.mutable_publish_time() = Micros(row[9]);
  if (!row[10].is_null()) b.set_slug(row[10].as<std::string>());
  b.set_title(row[11].as<std::string>());
  b.set_policy_question(row[12].as<std::string>());
  b.set_topic(row[13].as<std::string>());
  b.set_country(row[14].as<std::string>());
  b.set_constituency(ParseConstituency(row[15].as<std::string>()));
  ReadSections(row, 16, b.mutable_sections());
  return b;
}

v1::Revision ReadRevision(const pqxx::row& row) {
  v1::Revision r;
  r.set_brief_id(row[0].as<std::string>());
  r.set_number(row[1].as<int>());
  r.set_author_id(row[2].as<std::string>());
  *r.mutable_create_time() = Micros(row[3]);
  r.set_title(row[4].as<std::string>());
  r.set_policy_question(row[5].as<std::string>());
  r.set_topic(row[6].as<std::string>());
  r.set_country(row[7].as<std::string>());
  r.set_constituency(ParseConstituency(row[8].as<std::string>()));
  ReadSections(row, 9, r.mutable_sections());
  // A revision never changes, so its number is a strong entity tag.
  r.set_etag(absl::StrCat("r", r.number()));
  return r;
}

}  // namespace

void PrepareBriefStatements(pqxx::connection& conn) {
  conn.prepare("load_brief",
               absl::StrCat("SELECT ", kBriefColumns, "WHERE b.id = $1"));
  conn.prepare("load_brief_for_update",
               absl::StrCat("SELECT ", kBriefColumns,
                            "WHERE b.id = $1 FOR UPDATE OF b"));
  conn.prepare("load_revision", absl::StrCat("SELECT ", kRevisionColumns,
                                             "WHERE brief_id = $1 AND "
                                             "number = $2"));
  conn.prepare(
      "insert_brief",
      "INSERT INTO briefs (id, author_id, co_author_ids, cohort, state, "
      "revision) VALUES ($1, $2, string_to_array($3, ','), $4, $5, $6)");
  conn.prepare(
      "insert_revision",
      "INSERT INTO revisions (brief_id, number, author_id, title, "
      "policy_question, topic, country, constituency, summary, problem, "
      "evidence, options, recommendations, \"references\") VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)");
  conn.prepare("update_head",
               "UPDATE briefs SET state = $2, revision = $3, "
               "version = version + 1, update_time = now(), "
               "publish_time = CASE WHEN $4 THEN now() ELSE publish_time END "
               "WHERE id = $1");
  conn.prepare("brief_experts",
               "SELECT user_id FROM brief_reviewers WHERE brief_id = $1 "
               "ORDER BY user_id");
  conn.prepare("is_reviewer",
               "SELECT 1 FROM brief_reviewers WHERE brief_id = $1 AND "
               "user_id = $2");
  conn.prepare("insert_transition",
               "INSERT INTO transitions (brief_id, action, from_state, "
               "to_state, actor_id, revision, note) VALUES "
               "($1, $2, $3, $4, $5, $6, $7)");
  conn.prepare("list_revisions",
               "SELECT number, author_id, "
               "(extract(epoch FROM create_time) * 1000000)::bigint, "
               "octet_length(title) + octet_length(policy_question) + "
               "octet_length(summary) + octet_length(problem) + "
               "octet_length(evidence) + octet_length(options) + "
               "octet_length(recommendations) + octet_length(\"references\") "
               "FROM revisions WHERE brief_id = $1 AND number > $2 "
               "ORDER BY number LIMIT $3");
  conn.prepare("list_transitions",
               "SELECT seq, action, from_state, to_state, actor_id, revision, "
               "note, (extract(epoch FROM time) * 1000000)::bigint "
               "FROM transitions WHERE brief_id = $1 AND seq > $2 "
               "ORDER BY seq LIMIT $3");
  // One statement for every filter combination: an empty parameter means
  // "any". Newest first; ids sort by creation time.
  conn.prepare(
      "list_briefs",
      absl::StrCat(
          "SELECT ", kBriefColumns,
          "WHERE ($1 = '' OR b.state = $1) AND ($2 = '' OR r.topic = $2) "
          "AND ($3 = '' OR b.cohort = $3) AND ($4 = '' OR b.author_id = $4) "
          "AND ($5 = '' OR b.id < $5) "
          "AND ($6 = '' OR b.author_id = $6 OR $6 = ANY (b.co_author_ids) "
          "     OR b.state IN ('PUBLISHED', 'RETRACTED') "
          "     OR EXISTS (SELECT 1 FROM brief_reviewers v "
          "                WHERE v.brief_id = b.id AND v.user_id = $6)) "
          "ORDER BY b.id DESC LIMIT $7"));
}

std::string MakeEtag(int revision, int version) {
  return absl::StrCat(revision, "-", version);
}

absl::StatusOr<v1::Brief> LoadBrief(pqxx::work& tx, const std::string& id,
                                    bool for_update) {
  pqxx::result r =
      tx.exec_prepared(for_update ? "load_brief_for_update" : "load_brief", id);
  if (r.empty()) return absl::NotFoundError("brief " + id + " not found");
  return ReadBrief(r[0]);
}

absl::StatusOr<v1::Revision> LoadRevision(pqxx::work& tx,
                                          const std::string& brief_id,
                                          int number) {
  pqxx::result r = tx.exec_prepared("load_revision", brief_id, number);
  if (r.empty()) {
    return absl::NotFoundError(
        absl::StrCat("brief ", brief_id, " has no revision ", number));
  }
  return ReadRevision(r[0]);
}

void InsertBrief(pqxx::work& tx, const v1::Brief& b) {
  tx.exec_prepared("insert_brief", b.id(), b.author_id(),
                   absl::StrJoin(b.co_author_ids(), ","), b.cohort(),
                   v1::BriefState_Name(b.state()), b.revision());
}

void InsertRevision(pqxx::work& tx, const v1::Revision& r) {
  const v1::Sections& s = r.sections();
  tx.exec_prepared("insert_revision", r.brief_id(), r.number(), r.author_id(),
                   r.title(), r.policy_question(), r.topic(), r.country(),
                   v1::Constituency_Name(r.constituency()), s.summary(),
                   s.problem(), s.evidence(), s.options(), s.recommendations(),
                   s.references());
}

void UpdateHead(pqxx::work& tx, const std::string& id, v1::BriefState state,
                int revision, bool set_publish_time) {
  tx.exec_prepared("update_head", id, v1::BriefState_Name(state), revision,
                   set_publish_time);
}

void InsertTransition(pqxx::work& tx, const std::string& brief_id,
                      const std::string& action, v1::BriefState from,
                      v1::BriefState to, const std::string& actor_id,
                      int revision, const std::string& note) {
  tx.exec_prepared("insert_transition", brief_id, action,
                   v1::BriefState_Name(from), v1::BriefState_Name(to), actor_id,
                   revision, note);
}

std::vector<v1::Brief> ListBriefs(pqxx::work& tx, const BriefFilter& f) {
  pqxx::result r = tx.exec_prepared(
      "list_briefs", f.state ? v1::BriefState_Name(*f.state) : "", f.topic,
      f.cohort, f.author_id, f.after_id, f.viewer, f.limit);
  std::vector<v1::Brief> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(ReadBrief(row));
  return out;
}

std::vector<v1::RevisionInfo> ListRevisions(pqxx::work& tx,
                                            const std::string& brief_id,
                                            int after_number, int limit) {
  pqxx::result r =
      tx.exec_prepared("list_revisions", brief_id, after_number, limit);
  std::vector<v1::RevisionInfo> out;
  for (const auto& row : r) {
    v1::RevisionInfo info;
    info.set_number(row[0].as<int>());
    info.set_author_id(row[1].as<std::string>());
    *info.mutable_create_time() = Micros(row[2]);
    info.set_size(row[3].as<int64_t>());
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<std::pair<int64_t, v1::Transition>> ListTransitions(
    pqxx::work& tx, const std::string& brief_id, int64_t after_seq, int limit) {
  pqxx::result r =
      tx.exec_prepared("list_transitions", brief_id, after_seq, limit);
  std::vector<std::pair<int64_t, v1::Transition>> out;
  for (const auto& row : r) {
    v1::Transition t;
    t.set_action(row[1].as<std::string>());
    t.set_from(ParseStateName(row[2].as<std::string>()));
    t.set_to(ParseStateName(row[3].as<std::string>()));
    t.set_actor_id(row[4].as<std::string>());
    t.set_revision(row[5].as<int>());
    t.set_note(row[6].as<std::string>());
    *t.mutable_time() = Micros(row[7]);
    out.emplace_back(row[0].as<int64_t>(), std::move(t));
  }
  return out;
}

v1::Revision RevisionOf(const v1::Brief& b, const std::string& author_id) {
  v1::Revision r;
  r.set_brief_id(b.id());
  r.set_number(b.revision());
  r.set_author_id(author_id);
  r.set_title(b.title());
  r.set_policy_question(b.policy_question());
  r.set_topic(b.topic());
  r.set_country(b.country());
  r.set_constituency(b.constituency());
  *r.mutable_sections() = b.sections();
  return r;
}

}  // namespace briefdesk::briefs
