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
#include "libs/storage/migrations.h"

namespace briefdesk::service {

// Blocks SIGINT and SIGTERM in every thread started afterwards; Serve waits
// for them. Call first thing in main.
void BlockStopSignals();

// Applies `migrations` (the service's EmbeddedMigrations()) to the database
// at `url`.
absl::Status MigrateDatabase(const std::string& url,
                             const std::vector<storage::Migration>& migrations);

struct Hooks {
  std::function<void()> started = [] {};   // after the server listens
  std::function<void()> draining = [] {};  // on SIGTERM, before shutdown
  std::function<void()> stopping = [] {};  // after it stopped serving
};

// Serves `services` (with the gRPC health service) on `addr` until SIGINT or
// SIGTERM; then health turns NOT_SERVING, in-flight RPCs get `grace` to
// finish, and `hooks.stopping` runs.
absl::Status Serve(const std::string& addr,
                   const std::vector<grpc::Service*>& services,
                   std::chrono::seconds grace, Hooks hooks = {});

// Logs a start-up failure and returns the exit code.
int Fail(const absl::Status& status);

}  // namespace briefdesk::service

#endif  // BRIEFDESK_LIBS_SERVICE_SERVICE_MAIN_H_
