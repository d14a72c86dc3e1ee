#include "services/courses/course_rules.h"

#include <google/protobuf/util/time_util.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/validation/validation.h"

namespace briefdesk::courses {
namespace {

using validation::ValidateText;

std::string ModuleField(int i, const char* name) {
  return absl::StrCat("modules[", i, "].", name);
}

void Renumber(v1::Course& c) {
  for (int i = 0; i < c.modules_size(); ++i) {
    c.mutable_modules(i)->set_number(i + 1);
  }
}

absl::Status ValidateSections(int i, const v1::Module& m) {
  const std::vector<std::string>& known = SectionNames();
  std::set<std::string> seen;
  for (const std::string& s : m.sections()) {
    if (std::find(known.begin(), known.end(), s) == known.end()) {
      return rpc::FieldError(
          ModuleField(i, "sections"),
          absl::StrCat("names no brief section \"", s.substr(0, 64),
                       "\": each of summary, problem, evidence, options, "
                       "recommendations, references"));
    }
    if (!seen.insert(s).second) {
      return rpc::FieldError(ModuleField(i, "sections"),
                             absl::StrCat("lists \"", s, "\" twice"));
    }
  }
  return absl::OkStatus();
}

// Each module: a title, a due time within the course's dates (in its time
// zone), after the one before, and known sections.
absl::Status ValidateModules(const v1::Course& c, absl::TimeZone zone,
                             absl::CivilDay start, absl::CivilDay end) {
  if (c.modules_size() > kMaxModules) {
    return rpc::FieldError("modules", absl::StrCat("at most ", kMaxModules));
  }
  absl::Time first = absl::FromCivil(absl::CivilSecond(start), zone);
  absl::Time after_last = absl::FromCivil(absl::CivilSecond(end + 1), zone);
  for (int i = 0; i < c.modules_size(); ++i) {
    const v1::Module& m = c.modules(i);
    if (absl::Status s =
            ValidateText(ModuleField(i, "title"), m.title(), 1, 200);
        !s.ok()) {
      return s;
    }
    if (!m.has_due_time()) {
      return rpc::FieldError(ModuleField(i, "dueTime"), "is required");
    }
    absl::Time due = TimeOf(m.due_time());
    if (due < first || due >= after_last) {
      return rpc::FieldError(
          ModuleField(i, "dueTime"),
          absl::StrCat("must fall between the start date and the end date "
                       "of the course, in its time zone (",
                       c.time_zone(), ")"));
    }
    if (i > 0 && due <= TimeOf(c.modules(i - 1).due_time())) {
      return rpc::FieldError(
          ModuleField(i, "dueTime"),
          absl::StrCat("must come after module ", i,
                       "'s due time: modules "
                       "are listed in the order they are due"));
    }
    if (absl::Status s = ValidateSections(i, m); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidatePlan(const v1::Course& c) {
  if (c.reviews_per_round() < 1 || c.reviews_per_round() > 5) {
    return rpc::FieldError("reviewsPerRound", "must be 1 to 5");
  }
  int interval = c.follow_up().interval_days();
  if (interval < 1 || interval > 366) {
    return rpc::FieldError("followUp.intervalDays", "must be 1 to 366");
  }
  if (c.follow_up().count() < 0 || c.follow_up().count() > 24) {
    return rpc::FieldError("followUp.count", "must be 0 to 24");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<absl::CivilDay> DayOf(std::string_view field,
                                     const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return rpc::FieldError(field, "must be a date, YYYY-MM-DD");
  }
  return day;
}

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

google::protobuf::Timestamp TimestampOf(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(t));
}

const std::vector<std::string>& SectionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    const auto* d = briefs::v1::Sections::descriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      out.push_back(d->field(i)->json_name());
    }
    return out;
  }();
  return names;
}

absl::StatusOr<absl::TimeZone> ZoneOf(std::string_view field,
                                      const std::string& name) {
  absl::TimeZone zone;
  // absl also reads "localtime" (the machine's) and "Fixed/UTC+hh"; a
  // course's zone is a place's, from the IANA database.
  bool iana = !name.empty() && name != "localtime" &&
              name.rfind("Fixed/", 0) != 0 && name.find("..") == name.npos &&
              name[0] != '/';
  if (!iana || !absl::LoadTimeZone(name, &zone)) {
    return rpc::FieldError(field,
                           "must be an IANA time zone such as Europe/Rome, "
                           "Asia/Bangkok or America/Lima");
  }
  return zone;
}

v1::Course CourseFrom(const v1::CreateCourseRequest& req) {
  v1::Course c;
  c.set_title(req.title());
  c.set_edition(req.edition());
  c.set_language(req.language().empty() ? "en" : req.language());
  c.set_time_zone(req.time_zone());
  c.set_start_date(req.start_date());
  c.set_end_date(req.end_date());
  *c.mutable_modules() = req.modules();
  Renumber(c);
  c.set_reviews_per_round(
      req.reviews_per_round() == 0 ? 1 : req.reviews_per_round());
  const v1::FollowUpPlan& f = req.follow_up();
  c.mutable_follow_up()->set_interval_days(
      f.has_interval_days() ? f.interval_days() : kDefaultFollowUpIntervalDays);
  c.mutable_follow_up()->set_count(f.has_count() ? f.count()
                                                 : kDefaultFollowUpCount);
  return c;
}

v1::Course Updated(v1::Course c, const v1::UpdateCourseRequest& req) {
  if (req.has_title()) c.set_title(req.title());
  if (req.has_edition()) c.set_edition(req.edition());
  if (req.has_language()) c.set_language(req.language());
  if (req.has_time_zone()) c.set_time_zone(req.time_zone());
  if (req.has_start_date()) c.set_start_date(req.start_date());
  if (req.has_end_date()) c.set_end_date(req.end_date());
  if (req.modules_size() > 0) *c.mutable_modules() = req.modules();
  Renumber(c);
  if (req.has_reviews_per_round()) {
    c.set_reviews_per_round(req.reviews_per_round());
  }
  if (req.follow_up().has_interval_days()) {
    c.mutable_follow_up()->set_interval_days(req.follow_up().interval_days());
  }
  if (req.follow_up().has_count()) {
    c.mutable_follow_up()->set_count(req.follow_up().count());
  }
  return c;
}

absl::Status Validate(const v1::Course& c) {
  if (absl::Status s = ValidateText("title", c.title(), 1, 200); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateText("edition", c.edition(), 0, 100); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::ValidateLanguage("language", c.language());
      !s.ok())
    return s;
  auto zone = ZoneOf("timeZone", c.time_zone());
  if (!zone.ok()) return zone.status();
  auto start = DayOf("startDate", c.start_date());
  if (!start.ok()) return start.status();
  auto end = DayOf("endDate", c.end_date());
  if (!end.ok()) return end.status();
  if (*end < *start) {
    return rpc::FieldError("endDate", "must not be before the start date");
  }
  if (*end - *start > 366) {
    return rpc::FieldError("endDate", "a course lasts at most a year");
  }
  if (absl::Status s = ValidateModules(c, *zone, *start, *end); !s.ok()) {
    return s;
  }
  return ValidatePlan(c);
}

absl::Status KeepsPastModules(const v1::Course& before, const v1::Course& after,
                              absl::Time now) {
  for (const v1::Module& m : before.modules()) {
    if (m.number() > after.modules_size() && TimeOf(m.due_time()) <= now) {
      common::v1::ErrorDetails d;
      d.add_details()->set_field("modules");
      return rpc::WithDetails(
          absl::FailedPreconditionError(absl::StrCat(
              "module ", m.number(),
              " is past its due time and its statuses are recorded: a course "
              "keeps the modules it has held")),
          d);
    }
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::courses
