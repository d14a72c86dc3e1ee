#include "services/courses/data_rights.h"

#include <set>

#include "services/courses/followups.h"

namespace briefdesk::courses {
namespace {

// Every version of the person's agreement of the course, newest first.
void AddAgreements(CoursesTx& tx, const std::string& course_id,
                   const std::string& user, v1::CoursesExport& out) {
  std::optional<v1::Agreement> newest = tx.LoadAgreement(course_id, user, 0);
  if (!newest) return;
  *out.add_agreements() = *newest;
  for (int v = newest->version() - 1; v >= 1; --v) {
    if (auto older = tx.LoadAgreement(course_id, user, v)) {
      *out.add_agreements() = *std::move(older);
    }
  }
}

void AddFollowUps(CoursesTx& tx, const std::string& course_id,
                  const std::string& user, v1::CoursesExport& out) {
  std::vector<v1::FollowUp> list = tx.ListFollowUps(course_id, user, "");
  AttachReports(tx, list);
  for (v1::FollowUp& f : list) *out.add_follow_ups() = std::move(f);
}

}  // namespace

void ApplyErasure(CoursesTx& tx, const events::v1::UserErased& erased) {
  tx.EraseMember(erased.user_id(), erased.erased_name());
  tx.DropScheduledFollowUps(erased.user_id());
  tx.EraseAnswers(erased.user_id(), erased.email());
}

absl::StatusOr<v1::CoursesExport> ExportFor(storage::PgPool* pool,
                                            const rpc::Principal& caller) {
  const std::string& user = caller.user_id();
  if (user.empty() || rpc::IsServicePrincipal(user)) {
    return absl::UnauthenticatedError("an export is of a person");
  }
  v1::CoursesExport out;
  absl::Status s = Transact(pool, [&](CoursesTx& tx) {
    out = v1::CoursesExport();  // the transaction may run again
    std::set<std::string> courses;
    for (v1::Member& m : tx.MembershipsOf(user)) {
      courses.insert(m.course_id());
      *out.add_memberships() = std::move(m);
    }
    for (const std::string& course_id : courses) {
      if (auto plan = tx.LoadPlan(course_id, user)) {
        *out.add_plans() = *std::move(plan);
      }
      AddAgreements(tx, course_id, user, out);
      AddFollowUps(tx, course_id, user, out);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
