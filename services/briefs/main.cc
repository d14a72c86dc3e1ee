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
  if (auto s = bd::service::MigrateDatabase(
                    *db, bd::storage::EmbeddedMigrations()); !s.ok()) return Fail(s);

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           bd::briefs::PrepareBriefStatements);
  // Brief events go to the review and notification services.
  bd::outbox::Relay to_review(
      *db, "review",
      bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052"));
  bd::outbox::Relay to_notification(
      *db, "notification",
      bd::config::String("BRIEFDESK_NOTIFICATION_ADDR", "127.0.0.1:50053"));
  bd::briefs::EventRouting events{{"review", "notification"}, [&] {
                                    to_review.Wake();
                                    to_notification.Wake();
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
  bd::outbox::ExportBacklog(&pool, {"review", "notification"}, &metrics);
  absl::Status served = bd::service::Serve(
      *serve, {&briefs, &directory, &sink}, &metrics,
      {.started = [&] { to_review.Start(); to_notification.Start(); },
       .stopping = [&] { to_review.Stop(); to_notification.Stop(); }});
  return served.ok() ? 0 : Fail(served);
}
