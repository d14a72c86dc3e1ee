// The briefs service: briefs, revisions, the workflow and the user directory,
// over gRPC, on PostgreSQL. Configuration: docs/configuration.md.
#include <grpcpp/grpcpp.h>

#include <csignal>
#include <iostream>

#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/storage/migrations.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/briefs_service.h"
#include "services/briefs/directory_service.h"
#include "services/briefs/event_sink.h"
#include "libs/outbox/outbox.h"

namespace bd = briefdesk;

int Fail(const absl::Status& s) {
  bd::logging::Error("startup_failed", {{"error", s.ToString()}});
  return 1;
}

int main() {
  bd::logging::Init("briefs");
  // Block the stop signals in every thread; main waits for them below.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto db = bd::config::Required("BRIEFDESK_BRIEFS_DATABASE_URL");
  if (!db.ok()) return Fail(db.status());
  std::string addr = bd::config::String("BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051");
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return Fail(pool_size.status());
  auto grace = bd::config::Int("BRIEFDESK_SHUTDOWN_GRACE_SECONDS", 10, 0, 600);
  if (!grace.ok()) return Fail(grace.status());
  auto thresholds = bd::briefs::CheckThresholds::FromEnv();
  if (!thresholds.ok()) return Fail(thresholds.status());

  try {
    pqxx::connection conn(*db);
    if (auto s = bd::storage::Migrate(conn, bd::storage::EmbeddedMigrations());
        !s.ok()) {
      return Fail(s);
    }
  } catch (const std::exception& e) {
    return Fail(absl::UnavailableError(e.what()));
  }
  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           bd::briefs::PrepareBriefStatements);
  // Brief events go to the review service through the outbox.
  bd::outbox::Relay to_review(
      *db, "review",
      bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052"));
  bd::briefs::EventRouting events{{"review"}, [&] { to_review.Wake(); }};
  bd::briefs::BriefsService briefs(&pool, *thresholds, events);
  bd::briefs::BriefsEventSink sink(&pool, events);
  bd::briefs::DirectoryService directory(&pool);
  std::string admin_key = bd::config::String("BRIEFDESK_ADMIN_API_KEY", "");
  if (!admin_key.empty()) {
    if (auto s = directory.EnsureBootstrapAdmin(admin_key); !s.ok()) {
      return Fail(s);
    }
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(addr, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&briefs);
  builder.RegisterService(&directory);
  builder.RegisterService(&sink);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return Fail(absl::UnavailableError("cannot listen on " + addr));
  }
  to_review.Start();
  bd::logging::Info("serving", {{"addr", addr}});

  int sig = 0;
  sigwait(&stop, &sig);
  bd::logging::Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server->GetHealthCheckService()->Shutdown();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(*grace));
  to_review.Stop();
  bd::logging::Info("stopped");
  return 0;
}
