#include "libs/service/service_main.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/metrics/exporter.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::service {
namespace {

constexpr const char* kCodeNames[] = {"OK",
                                      "CANCELLED",
                                      "UNKNOWN",
                                      "INVALID_ARGUMENT",
                                      "DEADLINE_EXCEEDED",
                                      "NOT_FOUND",
                                      "ALREADY_EXISTS",
                                      "PERMISSION_DENIED",
                                      "RESOURCE_EXHAUSTED",
                                      "FAILED_PRECONDITION",
                                      "ABORTED",
                                      "OUT_OF_RANGE",
                                      "UNIMPLEMENTED",
                                      "INTERNAL",
                                      "UNAVAILABLE",
                                      "DATA_LOSS",
                                      "UNAUTHENTICATED"};

// Counts each call and times it from its arrival to its status; logs a
// failed call, and gives every line logged while the call is served the
// request id the gateway assigned (metadata x-request-id).
class CallMetrics : public grpc::experimental::Interceptor {
 public:
  CallMetrics(grpc::experimental::ServerRpcInfo* info, metrics::Registry* m)
      : registry_(m), start_(std::chrono::steady_clock::now()) {
    std::string full = info->method();  // "/package.Service/Method"
    size_t slash = full.rfind('/');
    service_ = slash == std::string::npos ? "" : full.substr(1, slash - 1);
    method_ = slash == std::string::npos ? full : full.substr(slash + 1);
    labels_ =
        absl::StrCat("grpc_service=\"", metrics::EscapeLabel(service_),
                     "\",grpc_method=\"", metrics::EscapeLabel(method_), "\"");
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* md = methods->GetRecvInitialMetadata();
      auto it = md->find(rpc::kRequestIdKey);
      // At most 128 bytes of it: it is the caller's to choose.
      if (it != md->end()) {
        request_id_.assign(it->second.data(),
                           std::min<size_t>(it->second.size(), 128));
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      logging::SetRequestId(request_id_);  // the handler runs next
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finished(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Finished(const grpc::Status& status) {
    int code = status.error_code();
    const char* name = code >= 0 && code <= 16 ? kCodeNames[code] : "UNKNOWN";
    registry_->Count("grpc_server_handled_total",
                     absl::StrCat(labels_, ",grpc_code=\"", name, "\""));
    registry_->Observe(
        "grpc_server_handling_seconds", labels_,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count());
    if (code == grpc::StatusCode::INTERNAL ||
        code == grpc::StatusCode::UNKNOWN ||
        code == grpc::StatusCode::UNAVAILABLE ||
        code == grpc::StatusCode::DATA_LOSS) {
      logging::Warn("rpc_failed", {{"request_id", request_id_},
                                   {"method", method_},
                                   {"code", name},
                                   {"message", status.error_message()}});
    }
    logging::SetRequestId("");
  }

  metrics::Registry* registry_;
  std::chrono::steady_clock::time_point start_;
  std::string service_, method_, labels_, request_id_;
};

class CallMetricsFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallMetricsFactory(metrics::Registry* m) : registry_(m) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallMetrics(info, registry_);
  }

 private:
  metrics::Registry* registry_;
};

}  // namespace

absl::Status MigrateDatabase(
    const std::string& url, const std::vector<storage::Migration>& migrations) {
  try {
    pqxx::connection conn(url);
    if (absl::Status s = storage::Migrate(conn, outbox::Migrations(),
                                          outbox::kMigrationsTable);
        !s.ok()) {
      return s;
    }
    return storage::Migrate(conn, migrations);
  } catch (const std::exception& e) {
    return absl::UnavailableError(std::string("database: ") + e.what());
  }
}

absl::StatusOr<ServeOptions> ReadServeOptions(
    const std::string& addr_variable, const std::string& default_addr,
    const std::string& default_metrics_addr) {
  ServeOptions o;
  o.addr = config::String(addr_variable.c_str(), default_addr);
  auto metrics =
      config::HostPort("BRIEFDESK_METRICS_ADDR", default_metrics_addr);
  if (!metrics.ok()) return metrics.status();
  o.metrics = *metrics;
  auto drain = ReadDrainOptions();
  if (!drain.ok()) return drain.status();
  o.delay = drain->delay;
  o.grace = drain->grace;
  return o;
}

absl::Status Serve(const ServeOptions& options,
                   const std::vector<grpc::Service*>& services,
                   metrics::Registry* metrics, Hooks hooks) {
  metrics->Describe("grpc_server_handled_total", "counter",
                    "RPCs completed, by method and status code.");
  metrics->Describe("grpc_server_handling_seconds", "histogram",
                    "Time from an RPC's arrival to its status, by method.");
  metrics::Exporter exporter(metrics);
  auto metrics_port =
      exporter.Start(options.metrics.host, options.metrics.port);
  if (!metrics_port.ok()) return metrics_port.status();
  logging::Info(
      "metrics_serving",
      {{"addr", options.metrics.host + ":" + std::to_string(*metrics_port)}});

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.addr, grpc::InsecureServerCredentials(),
                           &port);
  for (grpc::Service* s : services) builder.RegisterService(s);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<CallMetricsFactory>(metrics));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return absl::UnavailableError("cannot listen on " + options.addr);
  }
  hooks.started();
  logging::Info("serving", {{"addr", options.addr}});

  WaitAndDrain(
      {options.delay, options.grace},
      {.not_ready = [&] { server->GetHealthCheckService()->Shutdown(); },
       .stop_accepting = hooks.draining,
       // Stops accepting, then waits for in-flight calls.
       .wait = [&](auto deadline) { server->Shutdown(deadline); }});
  hooks.stopping();
  logging::Info("stopped");
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  logging::Error("startup_failed", {{"error", status.ToString()}});
  return 1;
}

}  // namespace briefdesk::service
