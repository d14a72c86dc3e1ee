// The briefs service: briefs, revisions, the workflow and the user directory,
// over gRPC, on PostgreSQL. Configuration: docs/configuration.md.
#include <algorithm>
#include <chrono>
#include <string>

#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/service/service_main.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/briefs_service.h"
#include "services/briefs/directory_service.h"
#include "services/briefs/event_sink.h"
#include "services/briefs/publication_watch.h"

namespace bd = briefdesk;
namespace br = briefdesk::briefs;
using bd::service::Fail;

namespace {

struct Settings {
  std::string db;
  bd::service::ServeOptions serve;
  int pool_size = 0;
  br::CheckThresholds thresholds;
  std::chrono::milliseconds effects_wait{0};
  int invitation_days = 14;
};

// Every setting, read once; the first bad one stops start-up.
absl::StatusOr<Settings> ReadSettings() {
  Settings s;
  auto db = bd::config::Required("BRIEFDESK_BRIEFS_DATABASE_URL");
  if (!db.ok()) return db.status();
  s.db = *db;
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051", "127.0.0.1:9101");
  if (!serve.ok()) return serve.status();
  s.serve = *serve;
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return pool_size.status();
  s.pool_size = static_cast<int>(*pool_size);
  auto thresholds = br::CheckThresholds::FromEnv();
  if (!thresholds.ok()) return thresholds.status();
  s.thresholds = *thresholds;
  auto wait = bd::config::Int("BRIEFDESK_EFFECTS_WAIT_MS", 3000, 0, 60000);
  if (!wait.ok()) return wait.status();
  s.effects_wait = std::chrono::milliseconds(*wait);
  auto days = bd::config::Int("BRIEFDESK_INVITATION_DAYS", 14, 1, 365);
  if (!days.ok()) return days.status();
  s.invitation_days = static_cast<int>(*days);
  return s;
}

}  // namespace

int main() {
  bd::logging::Init("briefs");
  bd::service::BlockStopSignals();
  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto settings = ReadSettings();
  if (!settings.ok()) return Fail(settings.status());
  const Settings& s = *settings;
  if (auto m =
          bd::service::MigrateDatabase(s.db, bd::storage::EmbeddedMigrations());
      !m.ok())
    return Fail(m);

  bd::storage::PgPool pool(s.db, s.pool_size, br::PrepareStatements);
  br::Database database(&pool);
  // Brief events go to the review and notification services.
  bd::outbox::Relays relays(s.db);
  relays.Add("review",
             bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052"));
  relays.Add("notification", bd::config::String("BRIEFDESK_NOTIFICATION_ADDR",
                                                "127.0.0.1:50053"));
  br::EventRouting events{
      relays.destinations(), [&] { relays.Wake(); },
      // Review acts on submissions and withdrawals before they are answered.
      [&](const bd::outbox::Written& w) {
        return relays.Await(w, {"review"}, s.effects_wait, &pool);
      }};
  br::Drafts drafts(&database);
  br::BriefReads reads(&database);
  br::Revisions revisions(&database, s.thresholds);
  br::WorkflowActions actions(&database, s.thresholds, events);
  br::Publications publications(&database);
  br::Users users(&database);
  br::ApiKeys keys(&database);
  br::InvitationSettings invitations_settings{
      .events = events, .validity = absl::Hours(24 * s.invitation_days)};
  br::Accounts accounts(&database, invitations_settings);
  br::Invitations invitations(&database, invitations_settings);
  br::ReviewEvents review_events(&database, events);
  std::string admin_key = bd::config::String("BRIEFDESK_ADMIN_API_KEY", "");
  if (!admin_key.empty()) {
    if (auto k = keys.EnsureBootstrapAdmin(admin_key); !k.ok()) return Fail(k);
  }

  // More workers than connections: a submission waits for the review
  // service after its commit, holding a worker but no connection.
  br::CallWorkers workers(std::max(16, 4 * s.pool_size));
  br::BriefsService briefs(
      {&drafts, &reads, &revisions, &actions, &publications}, &workers);
  br::DirectoryService directory(&users, &accounts, &keys, &invitations,
                                 &workers);
  br::BriefsEventSink sink(&review_events, &workers);
  bd::metrics::Registry metrics;
  bd::outbox::ExportBacklog(&pool, relays.destinations(), &metrics);
  // Gateways watch it to keep their published caches exact; on SIGTERM
  // their streams end after the shutdown delay, and they watch another
  // replica.
  bd::briefs::PublicationWatchService watch(s.db, {});
  auto start = [&] {
    relays.Start();
    watch.Start();
  };
  absl::Status served = bd::service::Serve(
      s.serve, {&briefs, &directory, &sink, &watch}, &metrics,
      {.started = start,
       .draining = [&] { watch.Stop(); },
       .stopping = [&] { relays.Stop(); }});
  return served.ok() ? 0 : Fail(served);
}
