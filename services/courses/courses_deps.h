// What the courses service's domain works with: its database, the briefs
// service's directory and briefs, where its events go, and the time
// (libs/clock, which tests move; a unit test's own).
#ifndef BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_
#define BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "libs/clock/clock.h"
#include "services/courses/directory_client.h"

namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage

namespace briefdesk::courses {

struct CoursesDeps {
  storage::PgPool* pool = nullptr;
  DirectoryClient* directory = nullptr;
  BriefsClient* briefs = nullptr;
  // The outbox destinations of course notices (the notification service),
  // and how to wake their relays after a commit.
  std::vector<std::string> destinations;
  std::function<void()> wake_relays = [] {};
  std::function<absl::Time()> now = [] {
    return absl::FromChrono(clock::Now());
  };
  // How long before a due time its reminder goes out.
  absl::Duration reminder_lead = absl::Hours(48);
  // How long after its day a follow-up session may be recorded before it
  // is MISSED.
  absl::Duration followup_grace = absl::Hours(24 * 14);
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_
