#include "services/courses/reminder_plan.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/courses/course_rules.h"

namespace briefdesk::courses {
namespace {

namespace ev = events::v1;

Notice NoticeFor(const Board& b, const char* kind, ev::EventType type,
                 int number, const std::string& user_id, absl::Time due) {
  Notice n;
  n.key = {b.course.id(), kind, number, user_id, absl::ToUnixMicros(due)};
  n.type = type;
  n.notice = CourseNoticeOf(b.course);
  *n.notice.mutable_due_time() = TimestampOf(due);
  if (number >= 1 && number <= b.course.modules_size() &&
      type != ev::COURSE_FOLLOWUP_DUE) {
    const v1::Module& m = b.course.modules(number - 1);
    n.notice.set_module(number);
    n.notice.set_module_title(m.title());
    *n.notice.mutable_sections() = m.sections();
  }
  if (auto it = b.briefs.find(user_id); it != b.briefs.end()) {
    n.brief_id = it->second.brief_id();
  }
  return n;
}

// A participant's DUE_SOON and OVERDUE for module `number`, and the record.
void PlanParticipant(const Board& b, const v1::Member& m, int number,
                     absl::Time now, absl::Duration lead, ReminderPlan& plan) {
  MilestoneFacts f = b.Facts(m.user_id(), number);
  if (now >= f.due - lead && now < f.due) {
    Notice n = NoticeFor(b, "DUE_SOON", ev::MILESTONE_DUE_SOON, number,
                         m.user_id(), f.due);
    n.send = !f.met.has_value();
    *n.notice.add_to() = AddresseeOf(m);
    plan.notices.push_back(std::move(n));
  }
  if (now >= f.due && now < f.due + kReminderWindow) {
    Notice n = NoticeFor(b, "OVERDUE", ev::MILESTONE_OVERDUE, number,
                         m.user_id(), f.due);
    n.send = !f.met.has_value();
    *n.notice.add_to() = AddresseeOf(m);
    plan.notices.push_back(std::move(n));
    plan.records.push_back(
        {m.user_id(), number, StatusOf(f.due, f.met, now), f.due, f.met});
  }
}

// The organizers' digest of module `number`, once its due time passed.
void PlanDigest(const Board& b, int number, absl::Time now,
                ReminderPlan& plan) {
  absl::Time due = TimeOf(b.course.modules(number - 1).due_time());
  // Without organizers nobody is told, and nothing is recorded: one
  // enrolled later in the week still gets it.
  if (now < due || now >= due + kReminderWindow || b.organizers.empty()) {
    return;
  }
  Notice n = NoticeFor(b, "DIGEST", ev::MILESTONE_DIGEST, number, "", due);
  for (const v1::Member& o : b.organizers) *n.notice.add_to() = AddresseeOf(o);
  int met = 0;
  for (const v1::Member& m : b.participants) {
    MilestoneFacts f = b.Facts(m.user_id(), number);
    v1::MilestoneStatus s = StatusOf(f.due, f.met, now);
    if (s == v1::MISSING) *n.notice.add_missing() = AddresseeOf(m);
    if (s == v1::ON_TIME || s == v1::LATE) ++met;
  }
  n.notice.set_met(met);
  plan.notices.push_back(std::move(n));
}

}  // namespace

ev::Addressee AddresseeOf(const v1::Member& m) {
  ev::Addressee a;
  a.set_user_id(m.user_id());
  a.set_email(m.email());
  a.set_display_name(m.display_name());
  return a;
}

// The notice's course fields.
ev::CourseNotice CourseNoticeOf(const v1::Course& c) {
  ev::CourseNotice n;
  n.set_course_id(c.id());
  n.set_course_title(c.title());
  n.set_language(c.language());
  n.set_time_zone(c.time_zone());
  return n;
}

std::vector<absl::Time> FollowUpTimes(const v1::Course& c) {
  std::vector<absl::Time> out;
  auto zone = ZoneOf("timeZone", c.time_zone());
  std::vector<std::string> parts = absl::StrSplit(c.end_date(), '-');
  int y = 0, mo = 0, d = 0;
  if (!zone.ok() || parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) ||
      !absl::SimpleAtoi(parts[1], &mo) || !absl::SimpleAtoi(parts[2], &d)) {
    return out;
  }
  absl::CivilDay end(y, mo, d);
  for (int k = 1; k <= c.follow_up().count(); ++k) {
    out.push_back(
        absl::FromCivil(end + k * c.follow_up().interval_days(), *zone));
  }
  return out;
}

ReminderPlan PlanReminders(const Board& b, absl::Time now,
                           absl::Duration lead) {
  ReminderPlan plan;
  for (int number = 1; number <= b.course.modules_size(); ++number) {
    for (const v1::Member& m : b.participants) {
      PlanParticipant(b, m, number, now, lead, plan);
    }
    PlanDigest(b, number, now, plan);
  }
  return plan;
}

}  // namespace briefdesk::courses
