#include "services/briefs/published_store.h"

#include "absl/strings/str_cat.h"
#include "libs/storage/text_arrays.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

constexpr char kPublishedColumns[] =
    "SELECT b.id, b.slug, b.cohort, b.author_id, "
    "array_to_string(b.co_author_ids, ','), "
    "(extract(epoch FROM b.publish_time) * 1000000)::bigint, "
    "b.published_revision, b.state, coalesce(b.retract_reason, ''), "
    "(extract(epoch FROM b.retract_time) * 1000000)::bigint, "
    "r.title, r.policy_question, r.topic, r.country, r.constituency, "
    "r.summary, r.problem, r.evidence, r.options, r.recommendations, "
    "r.\"references\", "
    // Every author's display name in one go, author first, as an array:
    // no query per author per brief, and no separator a name could hold.
    // An erased author is named as the erasure says (docs/data-rights.md).
    "ARRAY(SELECT coalesce((SELECT e.published_name FROM erasures e "
    "WHERE e.user_id = u.id), u.display_name) FROM users u "
    "WHERE u.id = b.author_id OR u.id = ANY (b.co_author_ids) "
    "ORDER BY array_position(ARRAY[b.author_id] || b.co_author_ids, u.id)), "
    "r.language, "
    "(SELECT (extract(epoch FROM max(e.erase_time)) * 1000000)::bigint "
    "FROM erasures e WHERE e.user_id = b.author_id OR e.user_id = ANY "
    "(b.co_author_ids)) "
    "FROM briefs b JOIN revisions r ON r.brief_id = b.id "
    "AND r.number = b.published_revision ";

v1::PublishedBrief ReadPublished(const pqxx::row& row) {
  v1::PublishedBrief p;
  p.set_brief_id(row[0].as<std::string>());
  p.set_slug(row[1].as<std::string>());
  p.set_cohort(row[2].as<std::string>());
  for (std::string& name : storage::ReadTextArray(row[21])) {
    p.add_authors(std::move(name));
  }
  *p.mutable_publish_time() = store::Micros(row[5]);
  p.set_revision(row[6].as<int>());
  p.set_retracted(row[7].as<std::string>() == "RETRACTED");
  p.set_retraction_reason(row[8].as<std::string>());
  if (!row[9].is_null()) *p.mutable_retract_time() = store::Micros(row[9]);
  p.set_title(row[10].as<std::string>());
  p.set_policy_question(row[11].as<std::string>());
  p.set_topic(row[12].as<std::string>());
  p.set_country(row[13].as<std::string>());
  p.set_constituency(store::ReadConstituency(row[14]));
  store::ReadSections(row, 15, p.mutable_sections());
  p.set_language(row[22].as<std::string>());
  if (!row[23].is_null()) *p.mutable_byline_time() = store::Micros(row[23]);
  return p;
}

}  // namespace

namespace store {

void PreparePublishedStatements(pqxx::connection_base& conn) {
  conn.prepare("list_published",
               absl::StrCat(kPublishedColumns,
                            "WHERE b.slug IS NOT NULL AND ($1 = '' OR "
                            "r.topic = $1) AND ($2 = '' OR b.cohort = $2) "
                            "ORDER BY b.publish_time DESC, b.id DESC "
                            "OFFSET $3 LIMIT $4"));
  conn.prepare("load_published",
               absl::StrCat(kPublishedColumns, "WHERE b.slug = $1"));
}

}  // namespace store

std::vector<v1::PublishedBrief> ListPublished(Tx& tx, const std::string& topic,
                                              const std::string& cohort,
                                              int64_t offset, int limit) {
  pqxx::result rows = store::Reading(tx).exec_prepared("list_published", topic,
                                                       cohort, offset, limit);
  std::vector<v1::PublishedBrief> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(ReadPublished(row));
  return out;
}

absl::StatusOr<v1::PublishedBrief> LoadPublished(Tx& tx,
                                                 const std::string& slug) {
  pqxx::result rows = store::Reading(tx).exec_prepared("load_published", slug);
  if (rows.empty()) {
    return absl::NotFoundError("no published brief at " + slug);
  }
  return ReadPublished(rows[0]);
}

}  // namespace briefdesk::briefs
