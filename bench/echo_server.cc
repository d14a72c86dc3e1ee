// The hop baseline's gRPC service: answers each call with what it was
// sent, served the way every BriefDesk service is (libs/service: the sync
// server, health checking, the per-call metrics interceptor), so that the
// hop costs what a call to briefs costs before briefs does any work.
// Configuration: BRIEFDESK_ECHO_ADDR and BRIEFDESK_METRICS_ADDR.
#include "bench/echo.grpc.pb.h"
#include "libs/logging/logging.h"
#include "libs/service/service_main.h"

namespace briefdesk::bench {
namespace {

class EchoService final : public v1::Echo::Service {
  grpc::Status Echo(grpc::ServerContext*, const v1::EchoMessage* request,
                    v1::EchoMessage* response) override {
    *response = *request;
    return grpc::Status::OK;
  }
};

}  // namespace
}  // namespace briefdesk::bench

int main() {
  namespace bd = briefdesk;
  bd::logging::Init("bench-echo");
  bd::service::BlockStopSignals();
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_ECHO_ADDR", "127.0.0.1:50060", "127.0.0.1:9160");
  if (!serve.ok()) return bd::service::Fail(serve.status());
  bd::bench::EchoService service;
  bd::metrics::Registry metrics;
  absl::Status served = bd::service::Serve(*serve, {&service}, &metrics);
  return served.ok() ? 0 : bd::service::Fail(served);
}
