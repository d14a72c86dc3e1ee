// Domain layer, pure: what a next-steps agreement, a follow-up record and
// a participant's report must hold, and on which days a participant's
// follow-up sessions fall (the course's plan, counted from its end date,
// in its time zone).
#ifndef BRIEFDESK_SERVICES_COURSES_FOLLOWUP_RULES_H_
#define BRIEFDESK_SERVICES_COURSES_FOLLOWUP_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "briefdesk/courses/v1/followups.pb.h"

namespace briefdesk::courses {

inline constexpr int kMaxAgreedActions = 10;
inline constexpr int kMaxOutcomes = 20;

// 1 to 10 actions (what 1-500, withWhom at most 300, byDate a date), an
// audience of at most 1000 and support of at most 2000 characters.
absl::Status ValidateAgreement(const v1::Agreement& agreement);
// Progress on actions 1 to `actions` (each at most once), outcomes, a note:
// errors name `prefix` fields as a request gives them ("actionProgress[0]
// .status", "outcomes[1].kind").
absl::Status ValidateProgress(
    const google::protobuf::RepeatedPtrField<v1::ActionProgress>& progress,
    int actions);
absl::Status ValidateOutcomes(
    const google::protobuf::RepeatedPtrField<v1::Outcome>& outcomes);

// When the agreement can be filled: the last module's due time (the
// course's end, at the end of its last day, without modules).
absl::Time AgreementOpens(const v1::Course& course);

// The days of the plan's sessions, from 1; those before `today` are left
// out (a brief published late does not make sessions already past).
struct PlannedSession {
  int number = 0;
  absl::CivilDay day;
};
std::vector<PlannedSession> PlanSessions(const v1::Course& course,
                                         absl::CivilDay today);

// "YYYY-MM-DD".
std::string DayText(absl::CivilDay day);
// The day `t` falls on in the course's time zone (UTC when unreadable).
absl::CivilDay DayIn(const v1::Course& course, absl::Time t);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_FOLLOWUP_RULES_H_
