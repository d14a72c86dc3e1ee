#include "services/briefs/cohort_store.h"

#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace store {

void PrepareCohortStatements(pqxx::connection_base& conn) {
  conn.prepare("unlinked_cohorts",
               "SELECT c.cohort FROM (SELECT cohort FROM users WHERE cohort "
               "<> '' UNION SELECT cohort FROM briefs WHERE cohort <> '') c "
               "WHERE NOT EXISTS (SELECT 1 FROM cohort_links l WHERE "
               "l.cohort = c.cohort) ORDER BY c.cohort");
  conn.prepare("cohort_users",
               "SELECT id FROM users WHERE cohort = $1 ORDER BY id");
  conn.prepare("cohort_brief_times",
               "SELECT (extract(epoch FROM min(create_time)) * 1000000)"
               "::bigint, (extract(epoch FROM max(create_time)) * 1000000)"
               "::bigint FROM briefs WHERE cohort = $1");
  conn.prepare("linked_course",
               "SELECT course_id FROM cohort_links WHERE cohort = $1");
  conn.prepare("link_cohort",
               "INSERT INTO cohort_links (cohort, course_id) VALUES ($1, $2) "
               "ON CONFLICT (cohort) DO NOTHING");
  conn.prepare("link_cohort_briefs",
               "UPDATE briefs SET course_id = $2 WHERE cohort = $1 AND "
               "course_id = ''");
}

}  // namespace store

std::vector<std::string> UnlinkedCohorts(Tx& tx) {
  std::vector<std::string> out;
  for (const auto& r : store::Reading(tx).exec_prepared("unlinked_cohorts")) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

std::vector<std::string> CohortUserIds(Tx& tx, const std::string& cohort) {
  std::vector<std::string> out;
  for (const auto& r :
       store::Reading(tx).exec_prepared("cohort_users", cohort)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

std::optional<
    std::pair<google::protobuf::Timestamp, google::protobuf::Timestamp>>
CohortBriefTimes(Tx& tx, const std::string& cohort) {
  pqxx::result r =
      store::Reading(tx).exec_prepared("cohort_brief_times", cohort);
  if (r.empty() || r[0][0].is_null()) return std::nullopt;
  return std::make_pair(store::Micros(r[0][0]), store::Micros(r[0][1]));
}

std::string LinkedCourse(Tx& tx, const std::string& cohort) {
  if (cohort.empty()) return "";
  pqxx::result r = store::Reading(tx).exec_prepared("linked_course", cohort);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

int LinkCohortBriefs(Tx& tx, const std::string& cohort,
                     const std::string& course_id) {
  auto& sql = store::Changing(tx);
  sql.exec_prepared("link_cohort", cohort, course_id);
  return static_cast<int>(
      sql.exec_prepared("link_cohort_briefs", cohort, course_id)
          .affected_rows());
}

}  // namespace briefdesk::briefs
