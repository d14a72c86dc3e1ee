#include "services/briefs/course_brief_store.h"

#include "absl/strings/str_join.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace store {

void PrepareCourseBriefStatements(pqxx::connection_base& conn) {
  // A section counts as filled when it holds more than white space.
  conn.prepare(
      "course_brief_revisions",
      "WITH chosen AS ("
      "  SELECT DISTINCT ON (author_id) id, author_id FROM briefs "
      "  WHERE course_id = $1 AND author_id = ANY (string_to_array($2, ',')) "
      "  ORDER BY author_id, state = 'WITHDRAWN', create_time, id) "
      "SELECT c.id, c.author_id, "
      "  (extract(epoch FROM r.create_time) * 1000000)::bigint, "
      "  (CASE WHEN btrim(r.summary) <> '' THEN 1 ELSE 0 END) "
      "  | (CASE WHEN btrim(r.problem) <> '' THEN 2 ELSE 0 END) "
      "  | (CASE WHEN btrim(r.evidence) <> '' THEN 4 ELSE 0 END) "
      "  | (CASE WHEN btrim(r.options) <> '' THEN 8 ELSE 0 END) "
      "  | (CASE WHEN btrim(r.recommendations) <> '' THEN 16 ELSE 0 END) "
      "  | (CASE WHEN btrim(r.\"references\") <> '' THEN 32 ELSE 0 END) "
      "FROM chosen c JOIN revisions r ON r.brief_id = c.id "
      "ORDER BY c.author_id, r.number");
}

}  // namespace store

std::vector<CourseBriefRevisions> LoadCourseBriefs(
    Tx& tx, const std::string& course_id,
    const std::vector<std::string>& author_ids) {
  pqxx::result r = store::Reading(tx).exec_prepared(
      "course_brief_revisions", course_id, absl::StrJoin(author_ids, ","));
  std::vector<CourseBriefRevisions> out;
  for (const auto& row : r) {
    std::string id = row[0].as<std::string>();
    if (out.empty() || out.back().brief_id != id) {
      out.push_back({id, row[1].as<std::string>(), {}});
    }
    out.back().revisions.push_back(
        {store::Micros(row[2]), row[3].as<unsigned>()});
  }
  return out;
}

}  // namespace briefdesk::briefs
