// Store layer: the extensions, milestone_records and reminders tables, the
// outbox rows of course notices, and the reminder worker's reads.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>
#include <set>
#include <tuple>

#include "libs/outbox/outbox.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kMicros[] = "(extract(epoch FROM $) * 1000000)::bigint";

std::string Micros(const char* column) {
  std::string out = kMicros;
  out.replace(out.find('$'), 1, column);
  return out;
}

v1::Extension ExtensionOf(const pqxx::row& r) {
  v1::Extension e;
  e.set_course_id(r[0].as<std::string>());
  e.set_user_id(r[1].as<std::string>());
  e.set_module(r[2].as<int>());
  *e.mutable_due_time() = TimeUtil::MicrosecondsToTimestamp(r[3].as<int64_t>());
  e.set_reason(r[4].as<std::string>());
  e.set_granted_by(r[5].as<std::string>());
  *e.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(r[6].as<int64_t>());
  return e;
}

}  // namespace

void PrepareMilestoneStatements(pqxx::connection_base& c) {
  const std::string columns = "course_id, user_id, module, " +
                              Micros("due_time") + ", reason, granted_by, " +
                              Micros("create_time");
  c.prepare("insert_extension",
            "INSERT INTO extensions (course_id, user_id, module, due_time, "
            "reason, granted_by, create_time) VALUES ($1, $2, $3, "
            "to_timestamp($4 / 1e6), $5, $6, to_timestamp($7 / 1e6))");
  c.prepare("list_extensions",
            "SELECT " + columns +
                " FROM extensions WHERE course_id = $1 AND ($2 = '' OR "
                "user_id = $2) ORDER BY id");
  c.prepare("list_records", "SELECT user_id, module, status, " +
                                Micros("met_time") +
                                " FROM milestone_records WHERE course_id = $1");
  c.prepare("insert_record",
            "INSERT INTO milestone_records (course_id, module, user_id, "
            "status, due_time, met_time, record_time) VALUES ($1, $2, $3, $4, "
            "to_timestamp($5 / 1e6), to_timestamp($6::bigint / 1e6), "
            "to_timestamp($7 / 1e6)) ON CONFLICT DO NOTHING");
  c.prepare("insert_reminder",
            "INSERT INTO reminders (course_id, kind, number, user_id, "
            "due_time, sent, event_id, done_time) VALUES ($1, $2, $3, $4, "
            "to_timestamp($5 / 1e6), $6, $7, to_timestamp($8 / 1e6)) "
            "ON CONFLICT DO NOTHING");
  c.prepare("reminders_done",
            "SELECT kind, number, user_id, " + Micros("due_time") +
                " FROM reminders WHERE course_id = $1 AND due_time >= "
                "to_timestamp($2 / 1e6)");
  // Courses with a module due (or, with an extension, due for someone)
  // between $1 and $2, or whose follow-ups may fall due after $3 (a date).
  c.prepare("courses_due",
            "SELECT id FROM courses c WHERE EXISTS (SELECT 1 FROM modules m "
            "WHERE m.course_id = c.id AND m.due_time BETWEEN "
            "to_timestamp($1 / 1e6) AND to_timestamp($2 / 1e6)) "
            "OR EXISTS (SELECT 1 FROM extensions e WHERE e.course_id = c.id "
            "AND e.due_time BETWEEN to_timestamp($1 / 1e6) AND "
            "to_timestamp($2 / 1e6)) "
            "OR (c.followup_count > 0 AND c.end_date <= $4::date AND "
            "c.end_date + c.followup_interval_days * c.followup_count >= "
            "$3::date AND EXISTS (SELECT 1 FROM generate_series(1, "
            "c.followup_count) k WHERE c.end_date + c.followup_interval_days "
            "* k BETWEEN $3::date AND $4::date)) ORDER BY id");
  c.prepare("lock_course_reminders",
            "SELECT pg_try_advisory_xact_lock(hashtextextended("
            "'reminders:' || $1, 0))");
}

void CoursesTx::InsertExtension(const v1::Extension& e) {
  tx_.exec_prepared("insert_extension", e.course_id(), e.user_id(), e.module(),
                    TimeUtil::TimestampToMicroseconds(e.due_time()), e.reason(),
                    e.granted_by(),
                    TimeUtil::TimestampToMicroseconds(e.create_time()));
}

std::vector<v1::Extension> CoursesTx::ListExtensions(
    const std::string& course_id, const std::string& user_id) {
  std::vector<v1::Extension> out;
  for (const auto& r :
       tx_.exec_prepared("list_extensions", course_id, user_id)) {
    out.push_back(ExtensionOf(r));
  }
  return out;
}

std::vector<RecordedMilestone> CoursesTx::ListRecords(
    const std::string& course_id) {
  std::vector<RecordedMilestone> out;
  for (const auto& r : tx_.exec_prepared("list_records", course_id)) {
    RecordedMilestone m;
    m.user_id = r[0].as<std::string>();
    m.module = r[1].as<int>();
    v1::MilestoneStatus_Parse(r[2].as<std::string>(), &m.status);
    if (!r[3].is_null()) m.met_micros = r[3].as<int64_t>();
    out.push_back(std::move(m));
  }
  return out;
}

void CoursesTx::InsertRecord(const std::string& course_id, int module,
                             const std::string& user_id,
                             v1::MilestoneStatus status, int64_t due_micros,
                             std::optional<int64_t> met_micros,
                             int64_t now_micros) {
  tx_.exec_prepared("insert_record", course_id, module, user_id,
                    v1::MilestoneStatus_Name(status), due_micros, met_micros,
                    now_micros);
}

bool CoursesTx::InsertReminder(const ReminderKey& k, bool sent,
                               const std::string& event_id,
                               int64_t now_micros) {
  return tx_.exec_prepared("insert_reminder", k.course_id, k.kind, k.number,
                           k.user_id, k.due_micros, sent, event_id, now_micros)
             .affected_rows() > 0;
}

std::set<std::tuple<std::string, int, std::string, int64_t>>
CoursesTx::RemindersDone(const std::string& course_id, int64_t from_micros) {
  std::set<std::tuple<std::string, int, std::string, int64_t>> out;
  for (const auto& r :
       tx_.exec_prepared("reminders_done", course_id, from_micros)) {
    out.emplace(r[0].as<std::string>(), r[1].as<int>(), r[2].as<std::string>(),
                r[3].as<int64_t>());
  }
  return out;
}

std::vector<std::string> CoursesTx::CoursesDue(int64_t from_micros,
                                               int64_t to_micros,
                                               const std::string& from_date,
                                               const std::string& to_date) {
  std::vector<std::string> out;
  for (const auto& r : tx_.exec_prepared("courses_due", from_micros, to_micros,
                                         from_date, to_date)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

bool CoursesTx::TryLockReminders(const std::string& course_id) {
  return tx_.exec_prepared("lock_course_reminders", course_id)[0][0].as<bool>();
}

void CoursesTx::Enqueue(const events::v1::Event& event,
                        const std::vector<std::string>& destinations) {
  outbox::Enqueue(static_cast<pqxx::work&>(tx_), event, destinations);
}

}  // namespace briefdesk::courses
