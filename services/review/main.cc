// The review service: rounds, tasks, leases and reviews over gRPC, on
// PostgreSQL, with the queue in Redis. Configuration: docs/configuration.md.
#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "libs/service/service_main.h"
#include "services/review/event_sink.h"
#include "services/review/guidance_service.h"
#include "services/review/review_service.h"
#include "services/review/store.h"
#include "services/review/sweeper.h"

namespace bd = briefdesk;
using bd::service::Fail;

int main() {
  bd::logging::Init("review");
  bd::service::BlockStopSignals();
  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto db = bd::config::Required("BRIEFDESK_REVIEW_DATABASE_URL");
  if (!db.ok()) return Fail(db.status());
  auto redis = bd::config::HostPort("BRIEFDESK_REDIS_ADDR", "127.0.0.1:6379");
  if (!redis.ok()) return Fail(redis.status());
  auto config = bd::review::ReviewConfig::FromEnv();
  if (!config.ok()) return Fail(config.status());
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return Fail(pool_size.status());
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052", "127.0.0.1:9102");
  if (!serve.ok()) return Fail(serve.status());
  std::string briefs_addr =
      bd::config::String("BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051");
  if (auto s =
          bd::service::MigrateDatabase(*db, bd::storage::EmbeddedMigrations());
      !s.ok())
    return Fail(s);

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           bd::review::PrepareReviewStatements);
  bd::queue::ReviewQueue queue(redis->host, redis->port);
  auto briefs = bd::review::NewGrpcBriefsClient(briefs_addr);
  auto courses = bd::review::NewGrpcCoursesClient(
      bd::config::String("BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054"));
  auto effects_wait =
      bd::config::Int("BRIEFDESK_EFFECTS_WAIT_MS", 3000, 0, 60000);
  if (!effects_wait.ok()) return Fail(effects_wait.status());
  bd::outbox::Relays relays(*db);
  relays.Add("briefs", briefs_addr);
  relays.Add("notification", bd::config::String("BRIEFDESK_NOTIFICATION_ADDR",
                                                "127.0.0.1:50053"));
  relays.Add("courses",
             bd::config::String("BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054"));

  bd::review::ReviewDeps deps{
      &pool, &queue, briefs.get(), *config, relays.destinations(),
      [&] { relays.Wake(); },
      // The briefs service acts on claims, releases and reviews before
      // they are answered.
      [&](const bd::outbox::Written& w) {
        return relays.Await(w, {"briefs"},
                            std::chrono::milliseconds(*effects_wait), &pool);
      },
      courses.get()};
  bd::review::ReviewService service(deps);
  bd::review::GuidanceService guidance(deps);
  bd::review::ReviewEventSink sink(deps);
  bd::review::Sweeper sweeper(deps);
  // Losing Redis loses no task: the queue is rebuilt from the database.
  if (absl::Status s = sweeper.Reconcile(); !s.ok()) {
    bd::logging::Warn("reconcile_failed",
                      {{"error", std::string(s.message())}});
  }
  bd::metrics::Registry metrics;
  bd::outbox::ExportBacklog(&pool, relays.destinations(), &metrics);
  sweeper.ExportQueueMetrics(&metrics);
  absl::Status served =
      bd::service::Serve(*serve, {&service, &guidance, &sink}, &metrics,
                         {.started =
                              [&] {
                                relays.Start();
                                sweeper.Start();
                              },
                          .stopping =
                              [&] {
                                sweeper.Stop();
                                relays.Stop();
                              }});
  return served.ok() ? 0 : Fail(served);
}
