// Domain layer, pure: which reminders of a course are due at a time
// (API.md "Courses", docs/courses.md "Reminders"):
// - DUE_SOON, `lead` before a participant's due time (after any
//   extension), when their milestone is not met;
// - OVERDUE, once the due time passed, when it is still not met; and the
//   status the milestone had then is recorded;
// - DIGEST, once a module's due time passed, to the course's organizers:
//   who is missing it;
// (Follow-up sessions and agreements have reminders of their own:
// followup_notices.h.)
// Each is keyed by course, kind, number, person and due time, so a changed
// due time makes a new one; reminders more than a week late are dropped.
#ifndef BRIEFDESK_SERVICES_COURSES_REMINDER_PLAN_H_
#define BRIEFDESK_SERVICES_COURSES_REMINDER_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "briefdesk/events/v1/events.pb.h"
#include "services/courses/progress.h"

namespace briefdesk::courses {

inline constexpr absl::Duration kReminderWindow = absl::Hours(24 * 7);

struct Notice {
  ReminderKey key;
  // Nothing to say (the milestone is met): recorded as done, not sent.
  bool send = true;
  events::v1::EventType type = events::v1::EVENT_TYPE_UNSPECIFIED;
  std::string brief_id;
  events::v1::CourseNotice notice;
};

struct MilestoneRecord {
  std::string user_id;
  int module = 0;
  v1::MilestoneStatus status = v1::MILESTONE_STATUS_UNSPECIFIED;
  absl::Time due;
  std::optional<absl::Time> met;
};

struct ReminderPlan {
  std::vector<Notice> notices;
  std::vector<MilestoneRecord> records;
};

// Without the briefs in `board`, every milestone counts as unmet: the plan
// then names every reminder that may be due (to see whether any is left to
// do before asking the briefs service).
ReminderPlan PlanReminders(const Board& board, absl::Time now,
                           absl::Duration lead);

// Who a notice goes to, as the courses service knows them.
events::v1::Addressee AddresseeOf(const v1::Member& m);
// A notice's course fields (id, title, language, time zone).
events::v1::CourseNotice CourseNoticeOf(const v1::Course& c);

// The days of the course's follow-ups, as instants: the start of the day
// in the course's time zone; empty when its dates or zone are unreadable.
std::vector<absl::Time> FollowUpTimes(const v1::Course& course);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_REMINDER_PLAN_H_
