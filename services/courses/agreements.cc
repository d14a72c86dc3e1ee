// Domain layer: next-steps agreements, and the follow-up sessions a
// participant's first agreement (or published brief) plans (followups.h).
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "services/courses/course_rules.h"
#include "services/courses/followup_rules.h"
#include "services/courses/followups.h"
#include "services/courses/progress.h"

namespace briefdesk::courses {
namespace {

// The stored agreement, or version 0 with nothing in it; with its ETag and
// when it opens.
v1::Agreement Current(CoursesTx& tx, const v1::Course& course,
                      const std::string& user_id, int version) {
  v1::Agreement a;
  if (auto stored = tx.LoadAgreement(course.id(), user_id, version)) {
    a = *std::move(stored);
  } else {
    a.set_course_id(course.id());
    a.set_user_id(user_id);
  }
  a.set_etag(absl::StrCat("a", a.version()));
  *a.mutable_open_time() = TimestampOf(AgreementOpens(course));
  return a;
}

}  // namespace

void PlanFollowUps(CoursesTx& tx, const v1::Course& course,
                   const std::string& user_id, absl::Time now) {
  std::vector<v1::FollowUp> existing = tx.ListFollowUps(course.id(), "", "");
  std::map<std::string, int> load;  // sessions per organizer
  for (const v1::Member& m : tx.ListMembers(course.id(), "", 10000)) {
    if (m.course_role() == v1::ORGANIZER) load[m.user_id()] = 0;
  }
  for (const v1::FollowUp& f : existing) {
    if (f.user_id() == user_id) return;  // planned already
    if (load.count(f.assignee_id())) ++load[f.assignee_id()];
  }
  std::string assignee;
  int fewest = 0;
  for (const auto& [organizer, n] : load) {
    if (assignee.empty() || n < fewest) {
      assignee = organizer;
      fewest = n;
    }
  }
  for (const PlannedSession& s : PlanSessions(course, DayIn(course, now))) {
    v1::FollowUp f;
    f.set_id(auth::NewId());
    f.set_course_id(course.id());
    f.set_user_id(user_id);
    f.set_number(s.number);
    f.set_due_date(DayText(s.day));
    f.set_assignee_id(assignee);
    tx.InsertFollowUp(f);
  }
}

absl::StatusOr<v1::Agreement> Agreements::Get(
    const rpc::Principal& p, const v1::GetAgreementRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  v1::Agreement out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = MayReadParticipant(tx, p, req.course_id(), user);
        !a.ok()) {
      return a;
    }
    auto course = tx.LoadCourse(req.course_id());
    if (!course.ok()) return course.status();
    if (req.version() < 0) {
      return rpc::FieldError("version", "must be 1 or more (0: the newest)");
    }
    out = Current(tx, *course, user, req.version());
    if (req.version() > 0 && out.version() != req.version()) {
      return absl::NotFoundError(
          absl::StrCat("the agreement has no version ", req.version()));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Agreement> Agreements::Update(
    const rpc::Principal& p, const v1::UpdateAgreementRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  absl::Time now = d_.now();
  v1::Agreement out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = MayReadParticipant(tx, p, req.course_id(), user);
        !a.ok()) {
      return a;
    }
    if (user != p.user_id()) {
      return absl::PermissionDeniedError(
          "an agreement is written by its participant");
    }
    auto course = tx.LoadCourse(req.course_id());
    if (!course.ok()) return course.status();
    if (absl::Time opens = AgreementOpens(*course); now < opens) {
      auto zone = ZoneOf("timeZone", course->time_zone());
      return absl::FailedPreconditionError(absl::StrCat(
          "the agreement on next steps opens when the course's last module "
          "is due, ",
          absl::FormatTime("%Y-%m-%d %H:%M", opens,
                           zone.ok() ? *zone : absl::UTCTimeZone()),
          " (", zone.ok() ? course->time_zone() : "UTC", ")"));
    }
    v1::Agreement a = Current(tx, *course, user, 0);
    if (absl::Status m =
            rpc::CheckIfMatch(req.if_match(), a.etag(), "agreement");
        !m.ok()) {
      return m;
    }
    if (req.actions_size() > 0) *a.mutable_actions() = req.actions();
    if (req.has_audience()) a.set_audience(req.audience());
    if (req.has_support_needed()) a.set_support_needed(req.support_needed());
    if (absl::Status v = ValidateAgreement(a); !v.ok()) return v;
    int before = a.version();
    if (!tx.SaveAgreement(a, before, absl::ToUnixMicros(now))) {
      return absl::AbortedError("the agreement changed meanwhile");
    }
    if (before == 0) PlanFollowUps(tx, *course, user, now);
    out = Current(tx, *course, user, 0);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
