#include "services/briefs/brief_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/clock/clock.h"
#include "services/briefs/publication_watch.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

using store::Changing;
using store::Reading;

// The head, its current revision's content, and whether the viewer ($2)
// holds or held a review task on it: one statement answers a read.
constexpr char kBriefColumns[] =
    "b.id, b.author_id, array_to_string(b.co_author_ids, ','), b.cohort, "
    "b.state, b.revision, b.version, "
    "(extract(epoch FROM b.create_time) * 1000000)::bigint, "
    "(extract(epoch FROM b.update_time) * 1000000)::bigint, "
    "(extract(epoch FROM b.publish_time) * 1000000)::bigint, b.slug, "
    "r.title, r.policy_question, r.topic, r.country, r.constituency, "
    "r.summary, r.problem, r.evidence, r.options, r.recommendations, "
    "r.\"references\", b.course_id, r.language ";
constexpr char kBriefJoin[] =
    "FROM briefs b JOIN revisions r ON r.brief_id = b.id "
    "AND r.number = b.revision ";
constexpr char kReviewed[] =
    ", EXISTS (SELECT 1 FROM brief_reviewers v WHERE v.brief_id = b.id "
    "AND v.user_id = $2) ";

// Reads kBriefColumns; the version goes to `version` when given.
v1::Brief ReadBrief(const pqxx::row& row, int* version = nullptr) {
  v1::Brief b;
  b.set_id(row[0].as<std::string>());
  b.set_author_id(row[1].as<std::string>());
  for (auto& id : store::SplitList(row[2])) b.add_co_author_ids(id);
  b.set_cohort(row[3].as<std::string>());
  b.set_state(store::ReadState(row[4]));
  b.set_revision(row[5].as<int>());
  int v = row[6].as<int>();
  if (version != nullptr) *version = v;
  b.set_etag(MakeEtag(b.revision(), v));
  *b.mutable_create_time() = store::Micros(row[7]);
  *b.mutable_update_time() = store::Micros(row[8]);
  if (!row[9].is_null()) *b.mutable_publish_time() = store::Micros(row[9]);
  if (!row[10].is_null()) b.set_slug(row[10].as<std::string>());
  b.set_title(row[11].as<std::string>());
  b.set_policy_question(row[12].as<std::string>());
  b.set_topic(row[13].as<std::string>());
  b.set_country(row[14].as<std::string>());
  b.set_constituency(store::ReadConstituency(row[15]));
  store::ReadSections(row, 16, b.mutable_sections());
  b.set_course_id(row[22].as<std::string>());
  b.set_language(row[23].as<std::string>());
  return b;
}

absl::StatusOr<BriefRow> ReadRow(const pqxx::result& r, const std::string& id) {
  if (r.empty()) return absl::NotFoundError("brief " + id + " not found");
  BriefRow row;
  row.brief = ReadBrief(r[0], &row.version);
  row.reviewed = r[0][24].as<bool>();
  return row;
}

}  // namespace

namespace store {

void PrepareBriefStatements(pqxx::connection_base& conn) {
  conn.prepare("load_brief", absl::StrCat("SELECT ", kBriefColumns, kReviewed,
                                          kBriefJoin, "WHERE b.id = $1"));
  conn.prepare("lock_brief",
               absl::StrCat("SELECT ", kBriefColumns, kReviewed, kBriefJoin,
                            "WHERE b.id = $1 FOR UPDATE OF b"));
  conn.prepare(
      "insert_brief",
      "INSERT INTO briefs (id, author_id, co_author_ids, cohort, state, "
      "revision, course_id, create_time) "
      "VALUES ($1, $2, string_to_array($3, ','), $4, $5, $6, $7, "
      "to_timestamp($8::float8 / 1e6))");
  conn.prepare("update_head",
               "UPDATE briefs SET state = $2, revision = $3, "
               "version = version + 1, update_time = now(), "
               "publish_time = CASE WHEN $4 THEN now() ELSE publish_time END "
               "WHERE id = $1");
  conn.prepare(
      "set_publication",
      "UPDATE briefs SET slug = $2, published_revision = $3 WHERE id = $1");
  conn.prepare("set_retraction",
               "UPDATE briefs SET retract_reason = $2, retract_time = now() "
               "WHERE id = $1");
  conn.prepare(
      "lock_slug",
      "SELECT pg_advisory_xact_lock(hashtextextended('slug:' || $1, 0))");
  conn.prepare("slug_taken", "SELECT 1 FROM briefs WHERE slug = $1");
  // One statement for every filter combination: an empty parameter means
  // "any". Newest first; ids sort by creation time.
  conn.prepare(
      "list_briefs",
      absl::StrCat(
          "SELECT ", kBriefColumns, kBriefJoin,
          "WHERE ($1 = '' OR b.state = $1) AND ($2 = '' OR r.topic = $2) "
          "AND ($3 = '' OR b.cohort = $3) AND ($4 = '' OR b.author_id = $4) "
          "AND ($5 = '' OR b.id < $5) AND ($8 = '' OR b.course_id = $8) "
          "AND ($6 = '' OR b.author_id = $6 OR $6 = ANY (b.co_author_ids) "
          "     OR b.state IN ('PUBLISHED', 'RETRACTED') "
          "     OR EXISTS (SELECT 1 FROM brief_reviewers v "
          "                WHERE v.brief_id = b.id AND v.user_id = $6)) "
          "ORDER BY b.id DESC LIMIT $7"));
  // A person's own briefs, as author or co-author (their data's export).
  conn.prepare("briefs_written_by",
               absl::StrCat("SELECT ", kBriefColumns, kBriefJoin,
                            "WHERE b.author_id = $1 OR $1 = ANY "
                            "(b.co_author_ids) ORDER BY b.id DESC LIMIT $2"));
}

}  // namespace store

std::string MakeEtag(int revision, int version) {
  return absl::StrCat(revision, "-", version);
}

absl::StatusOr<BriefRow> LoadBrief(Tx& tx, const std::string& id,
                                   const std::string& viewer_id) {
  return ReadRow(Reading(tx).exec_prepared("load_brief", id, viewer_id), id);
}

absl::StatusOr<BriefRow> LockBrief(Tx& tx, const std::string& id,
                                   const std::string& viewer_id) {
  return ReadRow(Reading(tx).exec_prepared("lock_brief", id, viewer_id), id);
}

void InsertBrief(Tx& tx, const v1::Brief& b) {
  Changing(tx).exec_prepared(
      "insert_brief", b.id(), b.author_id(),
      absl::StrJoin(b.co_author_ids(), ","), b.cohort(),
      v1::BriefState_Name(b.state()), b.revision(), b.course_id(),
      // The service's clock (libs/clock), which
      // tests move, as events' times are.
      std::chrono::duration_cast<std::chrono::microseconds>(
          clock::Now().time_since_epoch())
          .count());
}

void UpdateHead(Tx& tx, const std::string& id, v1::BriefState state,
                int revision, bool set_publish_time) {
  Changing(tx).exec_prepared("update_head", id, v1::BriefState_Name(state),
                             revision, set_publish_time);
}

void SetPublication(Tx& tx, const std::string& id, const std::string& slug,
                    int revision) {
  Changing(tx).exec_prepared("set_publication", id, slug, revision);
}

void SetRetraction(Tx& tx, const std::string& id, const std::string& reason) {
  Changing(tx).exec_prepared("set_retraction", id, reason);
}

void AnnouncePublicationChange(Tx& tx, const std::string& slug) {
  Changing(tx).exec_params("SELECT pg_notify($1, $2)",
                           std::string(kPublishedChannel), slug);
}

void LockSlug(Tx& tx, const std::string& base) {
  Reading(tx).exec_prepared("lock_slug", base);
}

bool SlugTaken(Tx& tx, const std::string& slug) {
  return !Reading(tx).exec_prepared("slug_taken", slug).empty();
}

std::vector<v1::Brief> BriefsWrittenBy(Tx& tx, const std::string& user_id,
                                       int limit) {
  std::vector<v1::Brief> out;
  for (const auto& row :
       Reading(tx).exec_prepared("briefs_written_by", user_id, limit)) {
    out.push_back(ReadBrief(row));
  }
  return out;
}

std::vector<v1::Brief> ListBriefs(Tx& tx, const BriefFilter& f) {
  pqxx::result r = Reading(tx).exec_prepared(
      "list_briefs", f.state ? v1::BriefState_Name(*f.state) : "", f.topic,
      f.cohort, f.author_id, f.after_id, f.viewer, f.limit, f.course_id);
  std::vector<v1::Brief> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(ReadBrief(row));
  return out;
}

}  // namespace briefdesk::briefs
