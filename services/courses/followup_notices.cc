#include "services/courses/followup_notices.h"

#include <map>
#include <set>

#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "services/courses/course_rules.h"
#include "services/courses/followup_rules.h"
#include "services/courses/reminder_plan.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace ev = events::v1;

constexpr int kAgreementReminders = 3;
constexpr absl::Duration kAgreementEvery = absl::Hours(24 * 7);

std::string DateOf(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone());
}

// The course's members by user id.
std::map<std::string, v1::Member> MembersOf(CoursesTx& tx,
                                            const std::string& course_id) {
  std::map<std::string, v1::Member> out;
  for (v1::Member& m : tx.ListMembers(course_id, "", 10000)) {
    out[m.user_id()] = std::move(m);
  }
  return out;
}

// Writes the reminder's row and, when it is new, its events; how many.
int Once(CoursesTx& tx, const CoursesDeps& d, const ReminderKey& key,
         absl::Time now, std::vector<ev::Event> events) {
  if (events.empty()) return 0;
  if (!tx.InsertReminder(key, true, events.front().id(),
                         absl::ToUnixMicros(now))) {
    return 0;  // done before, by this replica or another
  }
  for (const ev::Event& e : events) tx.Enqueue(e, d.destinations);
  return static_cast<int>(events.size());
}

ev::Event NoticeEvent(ev::EventType type, const ev::CourseNotice& notice) {
  ev::Event e = outbox::NewEvent(type, "", rpc::kCoursesService);
  *e.mutable_course_notice() = notice;
  return e;
}

int AgreementReminders(CoursesTx& tx, const CoursesDeps& d,
                       const v1::Course& course, absl::Time now) {
  absl::Time opens = AgreementOpens(course);
  std::set<std::string> filled = tx.AgreementsFilled(course.id());
  const std::map<std::string, v1::Member> members = MembersOf(tx, course.id());
  int sent = 0;
  for (int k = 0; k < kAgreementReminders; ++k) {
    absl::Time at = opens + k * kAgreementEvery;
    if (now < at || now >= at + kReminderWindow) continue;
    for (const auto& [id, m] : members) {
      if (m.course_role() != v1::PARTICIPANT || filled.count(id)) continue;
      ev::CourseNotice n = CourseNoticeOf(course);
      *n.mutable_due_time() = TimestampOf(opens);
      *n.add_to() = AddresseeOf(m);
      sent += Once(
          tx, d, {course.id(), "AGREEMENT", k + 1, id, absl::ToUnixMicros(at)},
          now, {NoticeEvent(ev::AGREEMENT_DUE, n)});
    }
  }
  return sent;
}

// The reminders of a course's sessions, and its sessions past the grace.
int SessionNotices(CoursesTx& tx, const CoursesDeps& d,
                   const v1::Course& course,
                   const std::vector<v1::FollowUp>& sessions, absl::Time now) {
  auto zone = ZoneOf("timeZone", course.time_zone());
  if (!zone.ok()) return 0;
  std::map<std::string, v1::Member> members = MembersOf(tx, course.id());
  int sent = 0;
  for (const v1::FollowUp& f : sessions) {
    auto day = DayOf("dueDate", f.due_date());
    auto who = members.find(f.user_id());
    if (!day.ok() || who == members.end()) continue;
    absl::Time start = absl::FromCivil(*day, *zone);
    ev::CourseNotice n = CourseNoticeOf(course);
    n.set_followup(f.number());
    n.set_due_date(f.due_date());
    *n.mutable_due_time() = TimestampOf(start);
    if (now >= start + absl::Hours(24) + d.followup_grace) {
      if (!tx.MarkMissed(f.id())) continue;
      *n.mutable_participant() = AddresseeOf(who->second);
      for (const auto& [id, m] : members) {
        if (m.course_role() == v1::ORGANIZER) *n.add_to() = AddresseeOf(m);
      }
      tx.Enqueue(NoticeEvent(ev::FOLLOWUP_MISSED, n), d.destinations);
      ++sent;
      continue;
    }
    if (now < start - d.reminder_lead || now >= start + absl::Hours(24)) {
      continue;
    }
    std::vector<ev::Event> events;
    ev::CourseNotice to_participant = n;
    *to_participant.add_to() = AddresseeOf(who->second);
    events.push_back(NoticeEvent(ev::COURSE_FOLLOWUP_DUE, to_participant));
    if (auto org = members.find(f.assignee_id()); org != members.end()) {
      ev::CourseNotice to_organizer = n;
      *to_organizer.mutable_participant() = AddresseeOf(who->second);
      *to_organizer.add_to() = AddresseeOf(org->second);
      events.push_back(NoticeEvent(ev::COURSE_FOLLOWUP_DUE, to_organizer));
    }
    sent += Once(tx, d,
                 {course.id(), "SESSION", f.number(), f.user_id(),
                  absl::ToUnixMicros(start)},
                 now, std::move(events));
  }
  return sent;
}

// One transaction per course, held by one replica at a time.
absl::StatusOr<int> ForCourse(const CoursesDeps& d,
                              const std::string& course_id, absl::Time now,
                              bool agreements,
                              const std::vector<v1::FollowUp>& sessions) {
  int sent = 0;
  absl::Status s = Transact(d.pool, [&](CoursesTx& tx) -> absl::Status {
    sent = 0;
    if (!tx.TryLockReminders(course_id)) return absl::OkStatus();
    auto course = tx.LoadCourse(course_id);
    if (!course.ok()) return course.status();
    if (agreements) sent += AgreementReminders(tx, d, *course, now);
    sent += SessionNotices(tx, d, *course, sessions, now);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return sent;
}

}  // namespace

absl::StatusOr<int> SendAfterCourseNotices(const CoursesDeps& d,
                                           absl::Time now) {
  std::set<std::string> closing;
  std::map<std::string, std::vector<v1::FollowUp>> sessions;
  absl::Status s = Transact(d.pool, [&](CoursesTx& tx) {
    closing.clear();
    sessions.clear();
    absl::Time from =
        now - (kAgreementReminders - 1) * kAgreementEvery - kReminderWindow;
    for (std::string& id : tx.CoursesClosingBetween(absl::ToUnixMicros(from),
                                                    absl::ToUnixMicros(now))) {
      closing.insert(std::move(id));
    }
    // Sessions of the last 400 days not yet marked (the service may have
    // been down), and those whose reminder is near; a day more on each
    // side for time zones.
    absl::Time back = now - absl::Hours(24 * 400);
    for (v1::FollowUp& f : tx.ScheduledFollowUpsBetween(
             DateOf(back), DateOf(now + d.reminder_lead + absl::Hours(48)))) {
      sessions[f.course_id()].push_back(std::move(f));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  std::set<std::string> courses = closing;
  for (const auto& [id, list] : sessions) courses.insert(id);
  int sent = 0;
  for (const std::string& id : courses) {
    auto n = ForCourse(d, id, now, closing.count(id) > 0, sessions[id]);
    if (!n.ok()) {
      logging::Warn(
          "follow_up_notices_failed",
          {{"course", id}, {"error", std::string(n.status().message())}});
      continue;
    }
    sent += *n;
  }
  return sent;
}

}  // namespace briefdesk::courses
