// Domain layer of the directory: the migration of legacy cohort strings to
// courses, for service:courses (Accounts::LegacyCohorts, LinkCohort).
#include "services/briefs/accounts.h"
#include "services/briefs/cohort_store.h"
#include "services/briefs/user_store.h"

namespace briefdesk::briefs {

namespace dir = directory::v1;

absl::StatusOr<dir::ListLegacyCohortsResponse> Accounts::LegacyCohorts(
    const rpc::Principal& p) {
  if (p.user_id() != rpc::kCoursesService) {
    return absl::PermissionDeniedError("for the courses service only");
  }
  return db_->InTransaction<dir::ListLegacyCohortsResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::ListLegacyCohortsResponse> {
        dir::ListLegacyCohortsResponse out;
        for (const std::string& cohort : UnlinkedCohorts(tx)) {
          dir::LegacyCohort* c = out.add_cohorts();
          c->set_cohort(cohort);
          for (const std::string& id : CohortUserIds(tx, cohort)) {
            auto user = LoadUser(tx, id);
            if (!user.ok()) return user.status();
            *c->add_users() = *std::move(user);
          }
          if (auto times = CohortBriefTimes(tx, cohort)) {
            *c->mutable_first_brief_time() = times->first;
            *c->mutable_last_brief_time() = times->second;
          }
        }
        return out;
      });
}

absl::StatusOr<dir::LinkCohortResponse> Accounts::LinkCohort(
    const rpc::Principal& p, const dir::LinkCohortRequest& req) {
  if (p.user_id() != rpc::kCoursesService) {
    return absl::PermissionDeniedError("for the courses service only");
  }
  if (req.cohort().empty() || req.course_id().empty()) {
    return absl::InvalidArgumentError("a cohort and a course are needed");
  }
  return db_->InTransaction<dir::LinkCohortResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::LinkCohortResponse> {
        dir::LinkCohortResponse out;
        out.set_briefs(LinkCohortBriefs(tx, req.cohort(), req.course_id()));
        return out;
      });
}

}  // namespace briefdesk::briefs
