// Domain layer: after the course. Each participant fills a next-steps
// agreement once the last module is due (versioned; organizers and the
// course's experts read it). A participant who filled one or published a
// brief of the course gets the plan's follow-up sessions, each assigned to
// an organizer; organizers record a session held (channel, progress on each
// agreed action, outcomes) or reschedule it; the participant reports
// between sessions, confirmed at the next record. The reminders and the
// MISSED flag are followup_notices.cc's.
#ifndef BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_H_
#define BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/followups.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

class Agreements {
 public:
  explicit Agreements(CoursesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<v1::Agreement> Get(const rpc::Principal& p,
                                    const v1::GetAgreementRequest& req);
  // The participant's own, once it opens; the first save plans their
  // follow-up sessions.
  absl::StatusOr<v1::Agreement> Update(const rpc::Principal& p,
                                       const v1::UpdateAgreementRequest& req);

 private:
  const CoursesDeps d_;
};

// Adds to each follow-up the reports sent for it.
void AttachReports(CoursesTx& tx, std::vector<v1::FollowUp>& list);

class FollowUps {
 public:
  explicit FollowUps(CoursesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<v1::ListFollowUpsResponse> List(
      const rpc::Principal& p, const v1::ListFollowUpsRequest& req);
  absl::StatusOr<v1::FollowUp> Get(const rpc::Principal& p,
                                   const std::string& id);
  absl::StatusOr<v1::FollowUp> Record(const rpc::Principal& p,
                                      const v1::RecordFollowUpRequest& req);
  absl::StatusOr<v1::FollowUp> Reschedule(
      const rpc::Principal& p, const v1::RescheduleFollowUpRequest& req);
  absl::StatusOr<v1::SelfReport> Report(const rpc::Principal& p,
                                        const v1::CreateSelfReportRequest& req);

 private:
  // The follow-up (locked with `lock`) and the caller's role in its course;
  // NOT_FOUND for those who may not see it.
  absl::StatusOr<v1::FollowUp> Visible(CoursesTx& tx, const rpc::Principal& p,
                                       const std::string& id, bool lock,
                                       v1::CourseRole* role);

  const CoursesDeps d_;
};

// The participant's follow-up sessions, once (a second call adds none),
// each assigned to the organizer of the course with the fewest.
void PlanFollowUps(CoursesTx& tx, const v1::Course& course,
                   const std::string& user_id, absl::Time now);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_FOLLOWUPS_H_
