// The courses service: courses, their modules and members, over gRPC, on
// PostgreSQL. Configuration: docs/configuration.md.
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/service/service_main.h"
#include "libs/storage/pg_pool.h"
#include "services/courses/courses_service.h"
#include "services/courses/store.h"

namespace bd = briefdesk;
namespace co = briefdesk::courses;
using bd::service::Fail;

int main() {
  bd::logging::Init("courses");
  bd::service::BlockStopSignals();
  auto db = bd::config::Required("BRIEFDESK_COURSES_DATABASE_URL");
  if (!db.ok()) return Fail(db.status());
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return Fail(pool_size.status());
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054", "127.0.0.1:9104");
  if (!serve.ok()) return Fail(serve.status());
  std::string briefs_addr =
      bd::config::String("BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051");
  if (auto s =
          bd::service::MigrateDatabase(*db, bd::storage::EmbeddedMigrations());
      !s.ok()) {
    return Fail(s);
  }

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           co::PrepareCoursesStatements);
  auto directory = co::NewGrpcDirectoryClient(briefs_addr);
  co::CoursesDeps deps{.pool = &pool, .directory = directory.get()};
  co::CoursesService service(deps);
  bd::metrics::Registry metrics;
  absl::Status served = bd::service::Serve(*serve, {&service}, &metrics);
  return served.ok() ? 0 : Fail(served);
}
