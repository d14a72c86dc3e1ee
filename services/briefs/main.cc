// The briefs service: briefs, revisions, the workflow and the user directory,
// over gRPC, on PostgreSQL. Configuration: docs/configuration.md.
#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/service/service_main.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/briefs_service.h"
#include "services/briefs/directory_service.h"
#include "services/briefs/event_sink.h"
#include "services/briefs/publication_watch.h"

namespace bd = briefdesk;
using bd::service::Fail;

int main() {
  bd::logging::Init("briefs");
  bd::service::BlockStopSignals();
  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto db = bd::config::Required("BRIEFDESK_BRIEFS_DATABASE_URL");
  if (!db.ok()) return Fail(db.status());
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051", "127.0.0.1:9101");
  if (!serve.ok()) return Fail(serve.status());
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return Fail(pool_size.status());
  auto thresholds = bd::briefs::CheckThresholds::FromEnv();
  if (!thresholds.ok()) return Fail(thresholds.status());
  if (auto s =
          bd::service::MigrateDatabase(*db, bd::storage::EmbeddedMigrations());
      !s.ok())
    return Fail(s);

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           bd::briefs::PrepareBriefStatements);
  auto effects_wait =
      bd::config::Int("BRIEFDESK_EFFECTS_WAIT_MS", 3000, 0, 60000);
  if (!effects_wait.ok()) return Fail(effects_wait.status());
  // Brief events go to the review and notification services.
  bd::outbox::Relays relays(*db);
  relays.Add("review",
             bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052"));
  relays.Add("notification", bd::config::String("BRIEFDESK_NOTIFICATION_ADDR",
                                                "127.0.0.1:50053"));
  bd::briefs::EventRouting events{
      relays.destinations(), [&] { relays.Wake(); },
      // Review acts on submissions and withdrawals before they are answered.
      [&](const bd::outbox::Written& w) {
        return relays.Await(w, {"review"},
                            std::chrono::milliseconds(*effects_wait), &pool);
      }};
  bd::briefs::BriefsService briefs(&pool, *thresholds, events);
  bd::briefs::DirectoryService directory(&pool);
  bd::briefs::BriefsEventSink sink(&pool, events);
  std::string admin_key = bd::config::String("BRIEFDESK_ADMIN_API_KEY", "");
  if (!admin_key.empty()) {
    if (auto s = directory.EnsureBootstrapAdmin(admin_key); !s.ok()) {
      return Fail(s);
    }
  }
  bd::metrics::Registry metrics;
  bd::outbox::ExportBacklog(&pool, relays.destinations(), &metrics);
  // Gateways watch it to keep their published caches exact; on SIGTERM
  // their streams end after the shutdown delay, and they watch another
  // replica.
  bd::briefs::PublicationWatchService watch(*db, {});
  auto start = [&] {
    relays.Start();
    watch.Start();
  };
  absl::Status served =
      bd::service::Serve(*serve, {&briefs, &directory, &sink, &watch}, &metrics,
                         {.started = start,
                          .draining = [&] { watch.Stop(); },
                          .stopping = [&] { relays.Stop(); }});
  return served.ok() ? 0 : Fail(served);
}
