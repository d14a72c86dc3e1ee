// The courses service: courses, their modules and members, learning plans,
// milestones and the reminders of due times, next-steps agreements and
// follow-ups, over gRPC, on PostgreSQL; course notices go through the
// outbox to the notification service; brief and review events come in.
// Configuration: docs/configuration.md.
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/metrics/metrics.h"
#include "libs/outbox/outbox.h"
#include "libs/service/service_main.h"
#include "libs/storage/pg_pool.h"
#include "services/courses/analytics_service.h"
#include "services/courses/cohort_migration.h"
#include "services/courses/courses_service.h"
#include "services/courses/event_sink.h"
#include "services/courses/followups_service.h"
#include "services/courses/reminders.h"
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

  auto lead = bd::config::Int("BRIEFDESK_REMINDER_LEAD_HOURS", 48, 0, 720);
  if (!lead.ok()) return Fail(lead.status());
  auto poll = bd::config::Int("BRIEFDESK_REMINDER_POLL_MS", 1000, 10, 600000);
  if (!poll.ok()) return Fail(poll.status());
  auto grace = bd::config::Int("BRIEFDESK_FOLLOWUP_GRACE_DAYS", 14, 0, 365);
  if (!grace.ok()) return Fail(grace.status());

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           co::PrepareCoursesStatements);
  // Course notices (reminders, digests, follow-ups) go to notification.
  bd::outbox::Relays relays(*db);
  relays.Add("notification", bd::config::String("BRIEFDESK_NOTIFICATION_ADDR",
                                                "127.0.0.1:50053"));
  auto directory = co::NewGrpcDirectoryClient(briefs_addr);
  auto briefs = co::NewGrpcBriefsClient(briefs_addr);
  co::CoursesDeps deps{.pool = &pool,
                       .directory = directory.get(),
                       .briefs = briefs.get(),
                       .destinations = relays.destinations(),
                       .wake_relays = [&] { relays.Wake(); },
                       .reminder_lead = absl::Hours(*lead),
                       .followup_grace = absl::Hours(24 * *grace)};
  co::CoursesService service(deps);
  co::FollowUpsService follow_ups(deps);
  co::AnalyticsService analytics(deps);
  // Brief and review events feed the analytics and plan follow-ups.
  co::CoursesEventSink sink(deps);
  co::Reminders reminders(deps, std::chrono::milliseconds(*poll));
  co::CohortMigration cohorts(deps, std::chrono::seconds(5));
  bd::metrics::Registry metrics;
  bd::outbox::ExportBacklog(&pool, relays.destinations(), &metrics);
  absl::Status served = bd::service::Serve(
      *serve, {&service, &follow_ups, &analytics, &sink}, &metrics,
      {.started =
           [&] {
             relays.Start();
             reminders.Start();
             cohorts.Start();
           },
       .stopping =
           [&] {
             cohorts.Stop();
             reminders.Stop();
             relays.Stop();
           }});
  return served.ok() ? 0 : Fail(served);
}
