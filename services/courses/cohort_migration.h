// Domain layer: the migration of data written before courses existed.
// Such data named its training by a free `cohort` string on users and
// briefs. At start, the courses service asks the directory for the cohort
// strings not yet migrated and makes a course of each (title "Cohort …",
// the string as its edition and in courses.cohort, in UTC, dated by its
// briefs, no modules, no follow-ups: the training is over); the users with
// the string become members in the course role their account's roles give
// (PARTICIPANT, else EXPERT, else ORGANIZER); then the directory sets the
// course on the cohort's briefs. The cohort strings stay where they were,
// so the old `cohort` filters keep working. Idempotent: a course is found
// again by its cohort, members are only added, links are kept once.
#ifndef BRIEFDESK_SERVICES_COURSES_COHORT_MIGRATION_H_
#define BRIEFDESK_SERVICES_COURSES_COHORT_MIGRATION_H_

#include <atomic>
#include <chrono>

#include "absl/status/statusor.h"
#include "libs/worker/worker.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

// Migrates every cohort not yet migrated; how many.
absl::StatusOr<int> MigrateCohorts(const CoursesDeps& d);

// Runs MigrateCohorts once, one period after start, retrying every period
// until the directory answers. Not at once: at a stack's start briefs may
// not listen yet, and a refused connection would put the channel that
// requests share into gRPC's reconnect backoff, failing them for a second.
class CohortMigration {
 public:
  CohortMigration(CoursesDeps deps, std::chrono::milliseconds period)
      : d_(std::move(deps)), worker_([this] { return Step(); }, period) {}
  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }

 private:
  worker::Next Step();

  const CoursesDeps d_;
  std::atomic<bool> done_{false};
  bool waited_ = false;    // the worker's thread only
  worker::Worker worker_;  // last: its thread stops before the rest goes
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COHORT_MIGRATION_H_
