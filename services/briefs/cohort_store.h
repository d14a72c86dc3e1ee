// Store layer: the legacy cohort strings of users and briefs, and the
// cohort_links table (which course each became). Every function runs in
// the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_COHORT_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_COHORT_STORE_H_

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/briefs/store.h"

namespace briefdesk::briefs {

// The cohort strings on users or briefs that no course was linked to.
std::vector<std::string> UnlinkedCohorts(Tx& tx);
// The ids of the users with this cohort.
std::vector<std::string> CohortUserIds(Tx& tx, const std::string& cohort);
// The creation times of the cohort's first and last brief.
std::optional<
    std::pair<google::protobuf::Timestamp, google::protobuf::Timestamp>>
CohortBriefTimes(Tx& tx, const std::string& cohort);
// The course a cohort string became; "" when none.
std::string LinkedCourse(Tx& tx, const std::string& cohort);
// Records the link (the first one stays) and sets the course on the
// cohort's briefs that have none; how many.
int LinkCohortBriefs(Tx& tx, const std::string& cohort,
                     const std::string& course_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COHORT_STORE_H_
