// Serves a Registry at GET /metrics over HTTP/1.1, on its own thread, for
// processes whose main port speaks gRPC. One request per connection, each
// with a 10 s deadline, so a slow scraper cannot hold the exporter.
#ifndef BRIEFDESK_LIBS_METRICS_EXPORTER_H_
#define BRIEFDESK_LIBS_METRICS_EXPORTER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/metrics/metrics.h"

namespace briefdesk::metrics {

class Exporter {
 public:
  explicit Exporter(Registry* registry);
  ~Exporter();  // stops serving

  // Listens on host (an IP address) and port (0 picks one) and serves until
  // destroyed; the port it listens on.
  absl::StatusOr<int> Start(const std::string& host, int port);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace briefdesk::metrics

#endif  // BRIEFDESK_LIBS_METRICS_EXPORTER_H_
