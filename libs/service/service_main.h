// The start-up and shutdown every gRPC service shares, so each main.cc only
// reads configuration and wires objects.
#ifndef BRIEFDESK_LIBS_SERVICE_SERVICE_MAIN_H_
#define BRIEFDESK_LIBS_SERVICE_SERVICE_MAIN_H_

#include <grpcpp/impl/service_type.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/config/config.h"
#include "libs/metrics/metrics.h"
#include "libs/service/drain.h"  // BlockStopSignals: first thing in main
#include "libs/storage/migrations.h"

namespace briefdesk::service {

// Applies libs/outbox's tables, then `migrations` (the service's
// EmbeddedMigrations()), to the database at `url`.
absl::Status MigrateDatabase(const std::string& url,
                             const std::vector<storage::Migration>& migrations);

struct ServeOptions {
  std::string addr;         // gRPC, host:port
  config::Address metrics;  // GET /metrics
  // On SIGTERM (drain.h): readiness (gRPC health) turns NOT_SERVING, the
  // server keeps serving for `delay` so that load balancers stop sending,
  // then stops accepting and gives in-flight calls `grace` to finish.
  std::chrono::seconds delay{0};
  std::chrono::seconds grace{10};
};

// Reads the options from the environment: `addr_variable` (default
// `default_addr`), BRIEFDESK_METRICS_ADDR (default `default_metrics_addr`),
// BRIEFDESK_SHUTDOWN_DELAY_SECONDS and BRIEFDESK_SHUTDOWN_GRACE_SECONDS.
absl::StatusOr<ServeOptions> ReadServeOptions(
    const std::string& addr_variable, const std::string& default_addr,
    const std::string& default_metrics_addr);

struct Hooks {
  std::function<void()> started = [] {};   // after the server listens
  std::function<void()> draining = [] {};  // on SIGTERM, before shutdown
  std::function<void()> stopping = [] {};  // after it stopped serving
};

// Serves `services` (with the gRPC health service) until SIGINT or SIGTERM,
// counting every call in `metrics` (grpc_server_handled_total and
// grpc_server_handling_seconds per method) and exporting `metrics` at
// options.metrics. Shutdown follows ServeOptions; then
// `hooks.stopping` runs (background work finishes what it holds).
absl::Status Serve(const ServeOptions& options,
                   const std::vector<grpc::Service*>& services,
                   metrics::Registry* metrics, Hooks hooks = {});

// Logs a start-up failure and returns the exit code.
int Fail(const absl::Status& status);

}  // namespace briefdesk::service

#endif  // BRIEFDESK_LIBS_SERVICE_SERVICE_MAIN_H_
