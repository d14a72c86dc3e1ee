#include "services/courses/cohort_migration.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "services/courses/course_rules.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

std::string DateOf(const google::protobuf::Timestamp& t, absl::Time fallback) {
  absl::Time at = t.seconds() == 0 ? fallback : TimeOf(t);
  return absl::FormatTime("%Y-%m-%d", at, absl::UTCTimeZone());
}

// The course a cohort becomes, before it is stored.
v1::Course CourseOfCohort(const dir::LegacyCohort& c, absl::Time now) {
  v1::Course course;
  course.set_id(auth::NewId());
  course.set_title(absl::StrCat("Cohort ", c.cohort()));
  course.set_edition(c.cohort());
  course.set_language("en");
  course.set_time_zone("UTC");
  course.set_start_date(DateOf(c.first_brief_time(), now));
  course.set_end_date(DateOf(c.last_brief_time(), now));
  course.set_reviews_per_round(1);
  course.mutable_follow_up()->set_interval_days(kDefaultFollowUpIntervalDays);
  course.mutable_follow_up()->set_count(0);
  course.set_cohort(c.cohort());
  return course;
}

bool HasRole(const dir::User& u, dir::Role r) {
  return std::find(u.roles().begin(), u.roles().end(), r) != u.roles().end();
}

// The member a user of the cohort becomes; nullopt for editors and admins.
std::optional<v1::Member> MemberOfUser(const dir::User& u) {
  v1::Member m;
  if (HasRole(u, dir::PARTICIPANT)) {
    m.set_course_role(v1::PARTICIPANT);
  } else if (HasRole(u, dir::EXPERT)) {
    m.set_course_role(v1::EXPERT);
  } else if (HasRole(u, dir::ORGANIZER)) {
    m.set_course_role(v1::ORGANIZER);
  } else {
    return std::nullopt;
  }
  m.set_user_id(u.id());
  m.set_display_name(u.display_name());
  m.set_email(u.email());
  m.set_invitation_state(u.invitation_pending() ? v1::PENDING : v1::ACCEPTED);
  return m;
}

// The course of the cohort (found, or made) with its users enrolled.
absl::StatusOr<std::string> CourseFor(const CoursesDeps& d,
                                      const dir::LegacyCohort& c) {
  std::string id;
  absl::Status s = Transact(d.pool, [&](CoursesTx& tx) -> absl::Status {
    tx.LockCohort(c.cohort());
    std::optional<std::string> found = tx.CourseIdByCohort(c.cohort());
    if (found) {
      id = *found;
    } else {
      v1::Course course = CourseOfCohort(c, d.now());
      tx.InsertCourse(course);
      id = course.id();
    }
    for (const dir::User& u : c.users()) {
      std::optional<v1::Member> m = MemberOfUser(u);
      if (m && !tx.LoadMember(id, u.id())) tx.UpsertMember(id, *m);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return id;
}

}  // namespace

absl::StatusOr<int> MigrateCohorts(const CoursesDeps& d) {
  auto cohorts = d.directory->ListLegacyCohorts();
  if (!cohorts.ok()) return cohorts.status();
  int migrated = 0;
  for (const dir::LegacyCohort& c : cohorts->cohorts()) {
    auto id = CourseFor(d, c);
    if (!id.ok()) return id.status();
    auto linked = d.directory->LinkCohort(c.cohort(), *id);
    if (!linked.ok()) return linked.status();
    logging::Info("cohort_migrated",
                  {{"cohort", c.cohort()},
                   {"course", *id},
                   {"members", std::to_string(c.users_size())},
                   {"briefs", std::to_string(linked->briefs())}});
    ++migrated;
  }
  return migrated;
}

worker::Next CohortMigration::Step() {
  if (done_) return worker::Next::kSleep;
  if (!waited_) {
    waited_ = true;
    return worker::Next::kSleep;
  }
  auto n = MigrateCohorts(d_);
  if (n.ok()) {
    done_ = true;
  } else {
    logging::Warn("cohort_migration_waits",
                  {{"error", std::string(n.status().message())}});
  }
  return worker::Next::kSleep;
}

}  // namespace briefdesk::courses
