// The briefs service: briefs, revisions, the workflow and the user directory,
// over gRPC, on PostgreSQL. Configuration: docs/configuration.md.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/service/service_main.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/briefs_service.h"
#include "services/briefs/comments_service.h"
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
  br::SessionSettings sessions;
  std::string admin_email, admin_password, admin_link_file;
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
  auto idle = bd::config::Int("BRIEFDESK_SESSION_IDLE_HOURS", 12, 1, 24 * 30);
  if (!idle.ok()) return idle.status();
  s.sessions.idle = absl::Hours(*idle);
  auto max_days = bd::config::Int("BRIEFDESK_SESSION_MAX_DAYS", 14, 1, 365);
  if (!max_days.ok()) return max_days.status();
  s.sessions.absolute = absl::Hours(24 * *max_days);
  s.admin_email =
      bd::config::String("BRIEFDESK_ADMIN_EMAIL", "admin@briefdesk.local");
  s.admin_password = bd::config::String("BRIEFDESK_ADMIN_PASSWORD", "");
  s.admin_link_file = bd::config::String("BRIEFDESK_ADMIN_SIGN_IN_FILE", "");
  return s;
}

// The bootstrap admin's address and password; without a password, a
// one-time link's token in BRIEFDESK_ADMIN_SIGN_IN_FILE (readable by its
// owner only), which the run command prints as a link.
absl::Status SetUpAdminSignIn(const Settings& s, br::Passwords* passwords) {
  auto link = passwords->SetUpAdmin(br::kBootstrapAdminId, s.admin_email,
                                    s.admin_password);
  if (!link.ok()) {
    if (link.status().code() != absl::StatusCode::kAlreadyExists &&
        link.status().code() != absl::StatusCode::kInvalidArgument)
      return link.status();
    bd::logging::Warn("admin_sign_in",
                      {{"error", std::string(link.status().message())}});
    return absl::OkStatus();
  }
  if (!link->has_value()) {  // a password is set: no link to print
    if (!s.admin_link_file.empty()) unlink(s.admin_link_file.c_str());
    return absl::OkStatus();
  }
  if (s.admin_link_file.empty()) {
    bd::logging::Warn("admin_sign_in", {{"error",
                                         "the admin has no password: set "
                                         "BRIEFDESK_ADMIN_PASSWORD"}});
    return absl::OkStatus();
  }
  std::string tmp = s.admin_link_file + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string token = **link + "\n";
  bool ok = fd >= 0 && write(fd, token.data(), token.size()) ==
                           static_cast<ssize_t>(token.size());
  if (fd >= 0) close(fd);
  if (!ok || rename(tmp.c_str(), s.admin_link_file.c_str()) != 0) {
    return absl::InternalError("cannot write " + s.admin_link_file);
  }
  return absl::OkStatus();
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
  // Brief events go to the review, notification and courses services.
  bd::outbox::Relays relays(s.db);
  relays.Add("review",
             bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052"));
  relays.Add("notification", bd::config::String("BRIEFDESK_NOTIFICATION_ADDR",
                                                "127.0.0.1:50053"));
  relays.Add("courses",
             bd::config::String("BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054"));
  br::EventRouting events{
      relays.destinations(), [&] { relays.Wake(); },
      // Review acts on submissions and withdrawals before they are answered.
      [&](const bd::outbox::Written& w) {
        return relays.Await(w, {"review"}, s.effects_wait, &pool);
      }};
  // A course brief is written in its course's language unless it says.
  br::Drafts drafts(&database,
                    br::GrpcCourseLanguage(bd::config::String(
                        "BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054")));
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
  br::Comments comments(&database, events);
  br::Sessions sessions(&database, s.sessions);
  br::Passwords passwords(&database, {.events = events});
  // An erasure is answered once the services holding copies applied it.
  br::EventRouting erasure_events = events;
  erasure_events.await = [&](const bd::outbox::Written& w) {
    return relays.Await(w, {"courses", "notification"}, s.effects_wait, &pool);
  };
  br::Erasures erasures(&database, erasure_events);
  br::Exports exports(&database, &users, &sessions, &keys);
  std::string admin_key = bd::config::String("BRIEFDESK_ADMIN_API_KEY", "");
  if (!admin_key.empty()) {
    if (auto k = keys.EnsureBootstrapAdmin(admin_key); !k.ok()) return Fail(k);
    if (auto a = SetUpAdminSignIn(s, &passwords); !a.ok()) return Fail(a);
  }

  // More workers than connections: a submission waits for the review
  // service after its commit, holding a worker but no connection.
  br::CallWorkers workers(std::max(16, 4 * s.pool_size));
  br::BriefsService briefs(
      {&drafts, &reads, &revisions, &actions, &publications, &exports},
      &workers);
  br::DirectoryService directory({&users, &accounts, &keys, &invitations,
                                  &sessions, &passwords, &erasures, &exports},
                                 &workers);
  br::CommentsService comment_threads(&comments, &workers);
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
      s.serve, {&briefs, &directory, &comment_threads, &sink, &watch}, &metrics,
      {.started = start,
       .draining = [&] { watch.Stop(); },
       .stopping = [&] { relays.Stop(); }});
  return served.ok() ? 0 : Fail(served);
}
