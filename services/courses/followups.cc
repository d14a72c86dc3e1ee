// Domain layer: follow-up sessions, their records and the participants'
// reports (followups.h).
#include "services/courses/followups.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/validation/validation.h"
#include "services/courses/course_access.h"
#include "services/courses/course_rules.h"
#include "services/courses/followup_rules.h"
#include "services/courses/progress.h"

namespace briefdesk::courses {
namespace {

using validation::ValidateText;

std::string StateName(v1::FollowUp::State s) {
  return s == v1::FollowUp::STATE_UNSPECIFIED ? ""
                                              : v1::FollowUp::State_Name(s);
}

int ActionsAgreed(CoursesTx& tx, const v1::FollowUp& f) {
  auto a = tx.LoadAgreement(f.course_id(), f.user_id(), 0);
  return a ? a->actions_size() : 0;
}

absl::Status ValidateRecord(const v1::RecordFollowUpRequest& req, int actions,
                            absl::Time now) {
  if (req.channel() == v1::FollowUpRecord::CHANNEL_UNSPECIFIED) {
    return rpc::FieldError("channel",
                           "is required: EMAIL, PHONE, VIDEO or IN_PERSON");
  }
  if (TimeOf(req.held_time()) > now + absl::Minutes(5)) {
    return rpc::FieldError("heldTime", "is in the future");
  }
  if (auto s = ValidateProgress(req.action_progress(), actions); !s.ok()) {
    return s;
  }
  if (auto s = ValidateOutcomes(req.outcomes()); !s.ok()) return s;
  return ValidateText("notes", req.notes(), 0, 5000, text::Lines::kMany);
}

}  // namespace

void AttachReports(CoursesTx& tx, std::vector<v1::FollowUp>& list) {
  std::vector<std::string> ids;
  for (const v1::FollowUp& f : list) ids.push_back(f.id());
  for (v1::SelfReport& r : tx.SelfReportsOf(ids)) {
    for (v1::FollowUp& f : list) {
      if (f.id() == r.follow_up_id()) *f.add_reports() = r;
    }
  }
}

absl::StatusOr<v1::FollowUp> FollowUps::Visible(CoursesTx& tx,
                                                const rpc::Principal& p,
                                                const std::string& id,
                                                bool lock,
                                                v1::CourseRole* role) {
  std::optional<v1::FollowUp> f = tx.LoadFollowUp(id, lock);
  if (!f) return absl::NotFoundError("no such follow-up");
  auto r = RoleIn(tx, p, f->course_id());
  if (!r.ok()) return absl::NotFoundError("no such follow-up");
  if (*r == v1::PARTICIPANT && f->user_id() != p.user_id()) {
    return absl::NotFoundError("no such follow-up");
  }
  if (*r == v1::EXPERT) {
    return absl::PermissionDeniedError(
        "follow-ups are the organizers' and the participant's");
  }
  *role = *r;
  return *f;
}

absl::StatusOr<v1::ListFollowUpsResponse> FollowUps::List(
    const rpc::Principal& p, const v1::ListFollowUpsRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  v1::ListFollowUpsResponse out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    auto role = RoleIn(tx, p, req.course_id());
    if (!role.ok()) return role.status();
    if (*role == v1::EXPERT) {
      return absl::PermissionDeniedError(
          "follow-ups are the organizers' and the participants'");
    }
    if (*role == v1::PARTICIPANT) {
      if (!user.empty() && user != p.user_id()) {
        return absl::PermissionDeniedError(
            "a participant sees only their own follow-ups");
      }
      user = p.user_id();
    }
    std::vector<v1::FollowUp> list =
        tx.ListFollowUps(req.course_id(), user, StateName(req.state()));
    AttachReports(tx, list);
    out.Clear();
    for (v1::FollowUp& f : list) *out.add_follow_ups() = std::move(f);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::FollowUp> FollowUps::Get(const rpc::Principal& p,
                                            const std::string& id) {
  v1::FollowUp out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    v1::CourseRole role;
    auto f = Visible(tx, p, id, false, &role);
    if (!f.ok()) return f.status();
    std::vector<v1::FollowUp> one = {*f};
    AttachReports(tx, one);
    out = one[0];
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::FollowUp> FollowUps::Record(
    const rpc::Principal& p, const v1::RecordFollowUpRequest& req) {
  absl::Time now = d_.now();
  v1::FollowUp out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    v1::CourseRole role;
    auto f = Visible(tx, p, req.id(), true, &role);
    if (!f.ok()) return f.status();
    if (role != v1::ORGANIZER) {
      return absl::PermissionDeniedError("organizers record follow-ups");
    }
    if (f->state() == v1::FollowUp::HELD) {
      return absl::FailedPreconditionError(
          "this follow-up is recorded "
          "already");
    }
    if (auto v = ValidateRecord(req, ActionsAgreed(tx, *f), now); !v.ok()) {
      return v;
    }
    for (int i = 0; i < req.confirmed_report_ids_size(); ++i) {
      if (!tx.ConfirmSelfReport(req.confirmed_report_ids(i), f->course_id(),
                                f->user_id())) {
        return rpc::FieldError(
            absl::StrCat("confirmedReportIds[", i, "]"),
            "is not an unconfirmed report of this participant");
      }
    }
    v1::FollowUpRecord* r = f->mutable_record();
    r->set_channel(req.channel());
    *r->mutable_held_time() = req.held_time();
    *r->mutable_action_progress() = req.action_progress();
    *r->mutable_outcomes() = req.outcomes();
    r->set_notes(req.notes());
    r->set_recorded_by(p.user_id());
    *r->mutable_record_time() = TimestampOf(now);
    *r->mutable_confirmed_report_ids() = req.confirmed_report_ids();
    tx.RecordFollowUp(*f, absl::ToUnixMicros(TimeOf(req.held_time())));
    std::vector<v1::FollowUp> one = {*tx.LoadFollowUp(req.id(), false)};
    AttachReports(tx, one);
    out = std::move(one[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::FollowUp> FollowUps::Reschedule(
    const rpc::Principal& p, const v1::RescheduleFollowUpRequest& req) {
  auto day = DayOf("dueDate", req.due_date());
  if (!day.ok()) return day.status();
  if (auto v = ValidateText("reason", req.reason(), 1, 500); !v.ok()) return v;
  v1::FollowUp out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    v1::CourseRole role;
    auto f = Visible(tx, p, req.id(), true, &role);
    if (!f.ok()) return f.status();
    if (role != v1::ORGANIZER) {
      return absl::PermissionDeniedError("organizers reschedule follow-ups");
    }
    if (f->state() == v1::FollowUp::HELD) {
      return absl::FailedPreconditionError("this follow-up was held");
    }
    auto course = tx.LoadCourse(f->course_id());
    if (!course.ok()) return course.status();
    if (*day < DayIn(*course, d_.now())) {
      return rpc::FieldError("dueDate",
                             "is before today in the course's "
                             "time zone");
    }
    if (!req.assignee_id().empty()) {
      auto m = tx.LoadMember(f->course_id(), req.assignee_id());
      if (!m || m->course_role() != v1::ORGANIZER) {
        return rpc::FieldError("assigneeId",
                               "must be an organizer of the course");
      }
      f->set_assignee_id(req.assignee_id());
    }
    f->set_due_date(DayText(*day));
    f->set_reschedule_reason(req.reason());
    tx.RescheduleFollowUp(*f);
    out = *tx.LoadFollowUp(req.id(), false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::SelfReport> FollowUps::Report(
    const rpc::Principal& p, const v1::CreateSelfReportRequest& req) {
  if (auto v = ValidateOutcomes(req.outcomes()); !v.ok()) return v;
  if (auto v = ValidateText("note", req.note(), 0, 5000, text::Lines::kMany);
      !v.ok()) {
    return v;
  }
  if (req.action_progress().empty() && req.outcomes().empty() &&
      req.note().find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError("note",
                           "say what happened: a note, progress on "
                           "an action or an outcome");
  }
  v1::SelfReport out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    v1::CourseRole role;
    auto f = Visible(tx, p, req.id(), true, &role);
    if (!f.ok()) return f.status();
    if (f->user_id() != p.user_id()) {
      return absl::PermissionDeniedError("a report is the participant's own");
    }
    if (f->state() == v1::FollowUp::HELD) {
      return absl::FailedPreconditionError(
          "this follow-up was held; report for the next one");
    }
    if (auto v = ValidateProgress(req.action_progress(), ActionsAgreed(tx, *f));
        !v.ok()) {
      return v;
    }
    out.Clear();
    out.set_id(auth::NewId());
    out.set_follow_up_id(f->id());
    out.set_user_id(p.user_id());
    *out.mutable_action_progress() = req.action_progress();
    *out.mutable_outcomes() = req.outcomes();
    out.set_note(req.note());
    *out.mutable_create_time() = TimestampOf(d_.now());
    tx.InsertSelfReport(out, absl::ToUnixMicros(d_.now()));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
