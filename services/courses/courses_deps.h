// What the courses service's domain works with: its database, the
// directory, and the time (the system's; a test's own).
#ifndef BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_
#define BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/courses/directory_client.h"

namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage

namespace briefdesk::courses {

struct CoursesDeps {
  storage::PgPool* pool = nullptr;
  DirectoryClient* directory = nullptr;
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_COURSES_DEPS_H_
