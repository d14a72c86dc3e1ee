// Store layer: the follow_ups, follow_up_outcomes and self_reports tables.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "libs/storage/text_arrays.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

constexpr char kFollowUpColumns[] =
    "SELECT id, course_id, user_id, number, to_char(due_date, 'YYYY-MM-DD'), "
    "state, assignee_id, reschedule_reason, encode(record, 'base64') FROM "
    "follow_ups ";

v1::FollowUp ReadFollowUp(const pqxx::row& r) {
  v1::FollowUp f;
  f.set_id(r[0].as<std::string>());
  f.set_course_id(r[1].as<std::string>());
  f.set_user_id(r[2].as<std::string>());
  f.set_number(r[3].as<int>());
  f.set_due_date(r[4].as<std::string>());
  v1::FollowUp::State state = v1::FollowUp::STATE_UNSPECIFIED;
  v1::FollowUp::State_Parse(r[5].as<std::string>(), &state);
  f.set_state(state);
  f.set_assignee_id(r[6].as<std::string>());
  f.set_reschedule_reason(r[7].as<std::string>());
  if (!r[8].is_null()) ParseStored(r[8], f.mutable_record());
  return f;
}

}  // namespace

void PrepareFollowUpStatements(pqxx::connection_base& c) {
  // An erased person's sessions to come, and what they reported for them.
  c.prepare("drop_scheduled_reports",
            "DELETE FROM self_reports WHERE follow_up_id IN (SELECT id FROM "
            "follow_ups WHERE user_id = $1 AND state = 'SCHEDULED')");
  c.prepare("drop_scheduled_follow_ups",
            "DELETE FROM follow_ups WHERE user_id = $1 AND "
            "state = 'SCHEDULED'");
  c.prepare("insert_follow_up",
            "INSERT INTO follow_ups (id, course_id, user_id, number, "
            "due_date, assignee_id) VALUES ($1, $2, $3, $4, $5::date, $6) ON "
            "CONFLICT (course_id, user_id, number) DO NOTHING");
  c.prepare("load_follow_up", absl::StrCat(kFollowUpColumns, "WHERE id = $1"));
  c.prepare("lock_follow_up",
            absl::StrCat(kFollowUpColumns, "WHERE id = $1 FOR UPDATE"));
  c.prepare("list_follow_ups",
            absl::StrCat(kFollowUpColumns,
                         "WHERE course_id = $1 AND ($2 = '' OR user_id = $2) "
                         "AND ($3 = '' OR state = $3) ORDER BY due_date, "
                         "user_id, number"));
  c.prepare("record_follow_up",
            "UPDATE follow_ups SET state = 'HELD', record = decode($2, "
            "'base64'), held_time = to_timestamp($3::float8 / 1e6) WHERE id "
            "= $1");
  c.prepare("insert_outcome",
            "INSERT INTO follow_up_outcomes (follow_up_id, idx, course_id, "
            "user_id, kind, significance, verified) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7)");
  c.prepare("reschedule_follow_up",
            "UPDATE follow_ups SET state = 'SCHEDULED', due_date = $2::date, "
            "reschedule_reason = $3, assignee_id = $4 WHERE id = $1");
  c.prepare("mark_missed",
            "UPDATE follow_ups SET state = 'MISSED' WHERE id = $1 AND state = "
            "'SCHEDULED'");
  c.prepare("scheduled_follow_ups_between",
            absl::StrCat(kFollowUpColumns,
                         "WHERE state = 'SCHEDULED' AND due_date BETWEEN "
                         "$1::date AND $2::date ORDER BY course_id, due_date"));
  c.prepare("courses_closing_between",
            "SELECT course_id FROM modules GROUP BY course_id HAVING "
            "max(due_time) BETWEEN to_timestamp($1::float8 / 1e6) AND "
            "to_timestamp($2::float8 / 1e6) ORDER BY course_id");
  c.prepare("insert_self_report",
            "INSERT INTO self_reports (id, follow_up_id, content, "
            "create_time) VALUES ($1, $2, decode($3, 'base64'), "
            "to_timestamp($4::float8 / 1e6))");
  c.prepare("self_reports_of",
            "SELECT encode(content, 'base64'), confirmed FROM self_reports "
            "WHERE follow_up_id = ANY ($1::text[]) ORDER BY create_time, id");
  c.prepare("confirm_self_report",
            "UPDATE self_reports SET confirmed = true WHERE id = $1 AND "
            "follow_up_id IN (SELECT id FROM follow_ups WHERE course_id = $2 "
            "AND user_id = $3) AND NOT confirmed");
}

void CoursesTx::InsertFollowUp(const v1::FollowUp& f) {
  tx_.exec_prepared("insert_follow_up", f.id(), f.course_id(), f.user_id(),
                    f.number(), f.due_date(), f.assignee_id());
}

std::optional<v1::FollowUp> CoursesTx::LoadFollowUp(const std::string& id,
                                                    bool for_update) {
  pqxx::result r =
      tx_.exec_prepared(for_update ? "lock_follow_up" : "load_follow_up", id);
  if (r.empty()) return std::nullopt;
  return ReadFollowUp(r[0]);
}

std::vector<v1::FollowUp> CoursesTx::ListFollowUps(const std::string& course_id,
                                                   const std::string& user_id,
                                                   const std::string& state) {
  std::vector<v1::FollowUp> out;
  for (const auto& r :
       tx_.exec_prepared("list_follow_ups", course_id, user_id, state)) {
    out.push_back(ReadFollowUp(r));
  }
  return out;
}

void CoursesTx::RecordFollowUp(const v1::FollowUp& f, int64_t held_micros) {
  tx_.exec_prepared("record_follow_up", f.id(), Stored(f.record()),
                    held_micros);
  for (int i = 0; i < f.record().outcomes_size(); ++i) {
    const v1::Outcome& o = f.record().outcomes(i);
    tx_.exec_prepared("insert_outcome", f.id(), i, f.course_id(), f.user_id(),
                      v1::Outcome::Kind_Name(o.kind()),
                      v1::Outcome::Significance_Name(o.significance()),
                      o.verified());
  }
}

void CoursesTx::RescheduleFollowUp(const v1::FollowUp& f) {
  tx_.exec_prepared("reschedule_follow_up", f.id(), f.due_date(),
                    f.reschedule_reason(), f.assignee_id());
}

void CoursesTx::DropScheduledFollowUps(const std::string& user_id) {
  tx_.exec_prepared("drop_scheduled_reports", user_id);
  tx_.exec_prepared("drop_scheduled_follow_ups", user_id);
}

bool CoursesTx::MarkMissed(const std::string& id) {
  return tx_.exec_prepared("mark_missed", id).affected_rows() == 1;
}

std::vector<v1::FollowUp> CoursesTx::ScheduledFollowUpsBetween(
    const std::string& from_date, const std::string& to_date) {
  std::vector<v1::FollowUp> out;
  for (const auto& r :
       tx_.exec_prepared("scheduled_follow_ups_between", from_date, to_date)) {
    out.push_back(ReadFollowUp(r));
  }
  return out;
}

std::vector<std::string> CoursesTx::CoursesClosingBetween(int64_t from_micros,
                                                          int64_t to_micros) {
  std::vector<std::string> out;
  for (const auto& r :
       tx_.exec_prepared("courses_closing_between", from_micros, to_micros)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

void CoursesTx::InsertSelfReport(const v1::SelfReport& r, int64_t now_micros) {
  tx_.exec_prepared("insert_self_report", r.id(), r.follow_up_id(), Stored(r),
                    now_micros);
}

std::vector<v1::SelfReport> CoursesTx::SelfReportsOf(
    const std::vector<std::string>& follow_up_ids) {
  std::vector<v1::SelfReport> out;
  if (follow_up_ids.empty()) return out;
  for (const auto& r : tx_.exec_prepared("self_reports_of",
                                         storage::TextArray(follow_up_ids))) {
    v1::SelfReport report;
    ParseStored(r[0], &report);
    report.set_confirmed(r[1].as<bool>());
    out.push_back(std::move(report));
  }
  return out;
}

bool CoursesTx::ConfirmSelfReport(const std::string& report_id,
                                  const std::string& course_id,
                                  const std::string& user_id) {
  return tx_.exec_prepared("confirm_self_report", report_id, course_id, user_id)
             .affected_rows() == 1;
}

}  // namespace briefdesk::courses
