// Store layer: the courses and modules tables.
#include <google/protobuf/util/time_util.h>

#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kCourseColumns[] =
    "id, title, edition, language, time_zone, start_date::text, "
    "end_date::text, reviews_per_round, followup_interval_days, "
    "followup_count, coalesce(cohort, ''), version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint";

google::protobuf::Timestamp Micros(int64_t us) {
  return TimeUtil::MicrosecondsToTimestamp(us);
}

v1::Course CourseOf(const pqxx::row& r) {
  v1::Course c;
  c.set_id(r[0].as<std::string>());
  c.set_title(r[1].as<std::string>());
  c.set_edition(r[2].as<std::string>());
  c.set_language(r[3].as<std::string>());
  c.set_time_zone(r[4].as<std::string>());
  c.set_start_date(r[5].as<std::string>());
  c.set_end_date(r[6].as<std::string>());
  c.set_reviews_per_round(r[7].as<int>());
  c.mutable_follow_up()->set_interval_days(r[8].as<int>());
  c.mutable_follow_up()->set_count(r[9].as<int>());
  c.set_cohort(r[10].as<std::string>());
  c.set_etag(absl::StrCat("c", r[11].as<int>()));
  *c.mutable_create_time() = Micros(r[12].as<int64_t>());
  *c.mutable_update_time() = Micros(r[13].as<int64_t>());
  return c;
}

// A text[] literal of section names (they are [a-z]+: nothing to escape).
std::string ArrayOf(const google::protobuf::RepeatedPtrField<std::string>& s) {
  return absl::StrCat("{", absl::StrJoin(s, ","), "}");
}

}  // namespace

void PrepareCourseStatements(pqxx::connection_base& c) {
  c.prepare("insert_course",
            "INSERT INTO courses (id, title, edition, language, time_zone, "
            "start_date, end_date, reviews_per_round, followup_interval_days, "
            "followup_count, cohort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            "$9, $10, nullif($11, ''))");
  c.prepare("course_by_cohort", "SELECT id FROM courses WHERE cohort = $1");
  c.prepare("lock_cohort",
            "SELECT pg_advisory_xact_lock(hashtextextended('cohort:' || $1, "
            "0))");
  c.prepare("load_course", absl::StrCat("SELECT ", kCourseColumns,
                                        " FROM courses WHERE id = $1"));
  c.prepare("lock_course",
            absl::StrCat("SELECT ", kCourseColumns,
                         " FROM courses WHERE id = $1 FOR UPDATE"));
  c.prepare("update_course",
            "UPDATE courses SET title = $2, edition = $3, language = $4, "
            "time_zone = $5, start_date = $6, end_date = $7, "
            "reviews_per_round = $8, followup_interval_days = $9, "
            "followup_count = $10, version = version + 1, update_time = now() "
            "WHERE id = $1");
  c.prepare("delete_modules", "DELETE FROM modules WHERE course_id = $1");
  c.prepare("insert_module",
            "INSERT INTO modules (course_id, number, title, due_time, "
            "sections) VALUES ($1, $2, $3, to_timestamp($4::double precision "
            "/ 1000000), $5::text[])");
  // The modules of every course of a list at once, in course order.
  c.prepare("modules_of",
            "SELECT course_id, number, title, (extract(epoch FROM due_time) * "
            "1000000)::bigint, array_to_string(sections, ',') FROM modules "
            "WHERE course_id = ANY (string_to_array($1, ',')) ORDER BY "
            "course_id, number");
  c.prepare("courses_of",
            absl::StrCat("SELECT ", kCourseColumns,
                         " FROM courses WHERE ($2 = '' OR id < $2) AND id IN "
                         "(SELECT course_id FROM members WHERE user_id = $1 "
                         "AND remove_time IS NULL) ORDER BY id DESC LIMIT $3"));
  c.prepare("all_courses",
            absl::StrCat("SELECT ", kCourseColumns,
                         " FROM courses WHERE ($1 = '' OR id < $1) ORDER BY "
                         "id DESC LIMIT $2"));
}

namespace {

// One query for the modules of all `courses` (ids are hex: no commas).
void LoadModules(pqxx::transaction_base& tx, std::vector<v1::Course>& courses) {
  std::map<std::string, v1::Course*> by_id;
  std::vector<std::string> ids;
  for (v1::Course& c : courses) {
    by_id[c.id()] = &c;
    ids.push_back(c.id());
  }
  if (ids.empty()) return;
  for (const auto& r :
       tx.exec_prepared("modules_of", absl::StrJoin(ids, ","))) {
    v1::Module* m = by_id.at(r[0].as<std::string>())->add_modules();
    m->set_number(r[1].as<int>());
    m->set_title(r[2].as<std::string>());
    *m->mutable_due_time() = Micros(r[3].as<int64_t>());
    for (auto s :
         absl::StrSplit(r[4].as<std::string>(), ',', absl::SkipEmpty())) {
      m->add_sections(std::string(s));
    }
  }
}

void SaveModules(pqxx::transaction_base& tx, const v1::Course& c) {
  tx.exec_prepared("delete_modules", c.id());
  for (const v1::Module& m : c.modules()) {
    tx.exec_prepared("insert_module", c.id(), m.number(), m.title(),
                     TimeUtil::TimestampToMicroseconds(m.due_time()),
                     ArrayOf(m.sections()));
  }
}

}  // namespace

void CoursesTx::InsertCourse(const v1::Course& c) {
  tx_.exec_prepared("insert_course", c.id(), c.title(), c.edition(),
                    c.language(), c.time_zone(), c.start_date(), c.end_date(),
                    c.reviews_per_round(), c.follow_up().interval_days(),
                    c.follow_up().count(), c.cohort());
  SaveModules(tx_, c);
}

std::optional<std::string> CoursesTx::CourseIdByCohort(
    const std::string& cohort) {
  pqxx::result r = tx_.exec_prepared("course_by_cohort", cohort);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void CoursesTx::LockCohort(const std::string& cohort) {
  tx_.exec_prepared("lock_cohort", cohort);
}

absl::StatusOr<v1::Course> CoursesTx::LoadCourse(const std::string& id,
                                                 bool for_update) {
  pqxx::result r =
      tx_.exec_prepared(for_update ? "lock_course" : "load_course", id);
  if (r.empty()) return absl::NotFoundError("no such course");
  std::vector<v1::Course> one = {CourseOf(r[0])};
  LoadModules(tx_, one);
  return std::move(one[0]);
}

void CoursesTx::SaveCourse(const v1::Course& c) {
  tx_.exec_prepared("update_course", c.id(), c.title(), c.edition(),
                    c.language(), c.time_zone(), c.start_date(), c.end_date(),
                    c.reviews_per_round(), c.follow_up().interval_days(),
                    c.follow_up().count());
  SaveModules(tx_, c);
}

std::vector<v1::Course> CoursesTx::ListCourses(const std::string& user_id,
                                               const std::string& after,
                                               int limit) {
  pqxx::result r = user_id.empty()
                       ? tx_.exec_prepared("all_courses", after, limit)
                       : tx_.exec_prepared("courses_of", user_id, after, limit);
  std::vector<v1::Course> out;
  for (const auto& row : r) out.push_back(CourseOf(row));
  LoadModules(tx_, out);
  return out;
}

}  // namespace briefdesk::courses
