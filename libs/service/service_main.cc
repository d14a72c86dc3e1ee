#include "libs/service/service_main.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <csignal>
#include <pqxx/pqxx>

#include "libs/logging/logging.h"

namespace briefdesk::service {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockStopSignals() {
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::Status MigrateDatabase(
    const std::string& url, const std::vector<storage::Migration>& migrations) {
  try {
    pqxx::connection conn(url);
    return storage::Migrate(conn, migrations);
  } catch (const std::exception& e) {
    return absl::UnavailableError(std::string("database: ") + e.what());
  }
}

absl::Status Serve(const std::string& addr,
                   const std::vector<grpc::Service*>& services,
                   std::chrono::seconds grace, Hooks hooks) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(addr, grpc::InsecureServerCredentials(), &port);
  for (grpc::Service* s : services) builder.RegisterService(s);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return absl::UnavailableError("cannot listen on " + addr);
  }
  hooks.started();
  logging::Info("serving", {{"addr", addr}});

  sigset_t set = StopSignals();
  int sig = 0;
  sigwait(&set, &sig);
  logging::Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server->GetHealthCheckService()->Shutdown();
  hooks.draining();
  server->Shutdown(std::chrono::system_clock::now() + grace);
  hooks.stopping();
  logging::Info("stopped");
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  logging::Error("startup_failed", {{"error", status.ToString()}});
  return 1;
}

}  // namespace briefdesk::service
