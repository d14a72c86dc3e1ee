#include "services/courses/milestones.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/csv/csv.h"
#include "services/courses/course_rules.h"

namespace briefdesk::courses {
namespace {

std::string Rfc3339(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", TimeOf(t),
                          absl::UTCTimeZone());
}

}  // namespace

v1::MilestoneStatus StatusOf(absl::Time due, std::optional<absl::Time> met,
                             absl::Time now) {
  if (met) return *met < due ? v1::ON_TIME : v1::LATE;
  return now >= due ? v1::MISSING : v1::UPCOMING;
}

v1::Milestone MilestoneOf(int number, const MilestoneFacts& f, absl::Time now) {
  v1::Milestone m;
  m.set_number(number);
  *m.mutable_due_time() = TimestampOf(f.due);
  m.set_extended(f.extended);
  if (f.recorded == v1::ON_TIME) {
    m.set_status(v1::ON_TIME);
    if (f.recorded_met) *m.mutable_met_time() = TimestampOf(*f.recorded_met);
    return m;
  }
  m.set_status(StatusOf(f.due, f.met, now));
  if (f.met) *m.mutable_met_time() = TimestampOf(*f.met);
  return m;
}

std::string ProgressCsv(const v1::Course& course,
                        const v1::Progress& progress) {
  std::vector<std::vector<std::string>> rows = {
      {"userId", "displayName", "briefId", "module", "moduleTitle", "dueTime",
       "status", "metTime", "extended"}};
  for (const v1::ProgressRow& r : progress.rows()) {
    for (const v1::Milestone& m : r.modules()) {
      std::string title;
      if (m.number() >= 1 && m.number() <= course.modules_size()) {
        title = course.modules(m.number() - 1).title();
      }
      rows.push_back({r.user_id(), r.display_name(), r.brief_id(),
                      absl::StrCat(m.number()), title, Rfc3339(m.due_time()),
                      v1::MilestoneStatus_Name(m.status()),
                      Rfc3339(m.met_time()), m.extended() ? "yes" : "no"});
    }
  }
  return csv::Write(rows, {.bom = true});
}

}  // namespace briefdesk::courses
