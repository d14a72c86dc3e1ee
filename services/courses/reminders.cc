#include "services/courses/reminders.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "services/courses/followup_notices.h"
#include "services/courses/reminder_plan.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

std::string DateOf(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone());
}

// Whether any reminder of `plan` is still to do: one read of the course's
// recent reminders.
absl::StatusOr<bool> AnyLeft(storage::PgPool* pool, const ReminderPlan& plan) {
  if (plan.notices.empty()) return false;
  int64_t from = plan.notices.front().key.due_micros;
  for (const Notice& n : plan.notices) from = std::min(from, n.key.due_micros);
  std::set<std::tuple<std::string, int, std::string, int64_t>> done;
  absl::Status s = Transact(pool, [&](CoursesTx& tx) {
    done = tx.RemindersDone(plan.notices.front().key.course_id, from);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  for (const Notice& n : plan.notices) {
    const ReminderKey& k = n.key;
    if (!done.count({k.kind, k.number, k.user_id, k.due_micros})) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<int> Reminders::SendDue() {
  absl::Time now = d_.now();
  std::vector<std::string> courses;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) {
    courses = tx.CoursesDue(absl::ToUnixMicros(now - kReminderWindow),
                            absl::ToUnixMicros(now + d_.reminder_lead),
                            DateOf(now - absl::Hours(48)),
                            DateOf(now + d_.reminder_lead + absl::Hours(48)));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  int sent = 0;
  for (const std::string& id : courses) {
    auto n = SendDueOf(id, now);
    if (!n.ok()) {
      logging::Warn(
          "reminders_failed",
          {{"course", id}, {"error", std::string(n.status().message())}});
      continue;
    }
    sent += *n;
  }
  if (sent > 0) d_.wake_relays();
  return sent;
}

absl::StatusOr<int> Reminders::SendDueOf(const std::string& course_id,
                                         absl::Time now) {
  auto board = LoadCourseSide(d_, course_id);
  if (!board.ok()) return board.status();
  auto left = AnyLeft(d_.pool, PlanReminders(*board, now, d_.reminder_lead));
  if (!left.ok()) return left.status();
  if (!*left) return 0;
  if (absl::Status b = AddBriefs(d_, *board); !b.ok()) return b;
  ReminderPlan plan = PlanReminders(*board, now, d_.reminder_lead);
  int sent = 0;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    sent = 0;
    if (!tx.TryLockReminders(course_id)) return absl::OkStatus();
    int64_t at = absl::ToUnixMicros(now);
    for (const MilestoneRecord& r : plan.records) {
      std::optional<int64_t> met;
      if (r.met) met = absl::ToUnixMicros(*r.met);
      tx.InsertRecord(course_id, r.module, r.user_id, r.status,
                      absl::ToUnixMicros(r.due), met, at);
    }
    for (const Notice& n : plan.notices) {
      events::v1::Event e =
          outbox::NewEvent(n.type, n.brief_id, rpc::kCoursesService);
      if (!tx.InsertReminder(n.key, n.send, n.send ? e.id() : "", at) ||
          !n.send) {
        continue;
      }
      *e.mutable_course_notice() = n.notice;
      tx.Enqueue(e, d_.destinations);
      ++sent;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return sent;
}

worker::Next Reminders::Step() {
  if (auto sent = SendDue(); !sent.ok()) {
    logging::Warn("reminders_failed",
                  {{"error", std::string(sent.status().message())}});
  }
  if (auto sent = SendAfterCourseNotices(d_, d_.now()); !sent.ok()) {
    logging::Warn("follow_up_notices_failed",
                  {{"error", std::string(sent.status().message())}});
  } else if (*sent > 0) {
    d_.wake_relays();
  }
  return worker::Next::kSleep;
}

}  // namespace briefdesk::courses
