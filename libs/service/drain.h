// The drain every BriefDesk process does on SIGINT or SIGTERM, so that a
// rolling update loses no request: readiness turns false at once; the
// process keeps serving for a delay, so that load balancers stop sending;
// then it stops accepting and gives what is in flight a grace period.
// libs/service's Serve drains a gRPC server so; the gateway its HTTP one.
#ifndef BRIEFDESK_LIBS_SERVICE_DRAIN_H_
#define BRIEFDESK_LIBS_SERVICE_DRAIN_H_

#include <chrono>
#include <functional>

#include "absl/status/statusor.h"

namespace briefdesk::service {

// Blocks SIGINT and SIGTERM in this thread and every thread started
// afterwards, so that WaitAndDrain receives them; and turns off absl's
// mutex deadlock detection, a debugging aid that otherwise makes every
// absl::Mutex lock (gRPC's among them) update a lock graph: a few per cent
// of a request's CPU. Call first thing in main.
void BlockStopSignals();

struct DrainOptions {
  std::chrono::seconds delay{0};
  std::chrono::seconds grace{10};
};

// BRIEFDESK_SHUTDOWN_DELAY_SECONDS (0 to 300, default 0) and
// BRIEFDESK_SHUTDOWN_GRACE_SECONDS (0 to 600, default 10).
absl::StatusOr<DrainOptions> ReadDrainOptions();

struct DrainSteps {
  std::function<void()> not_ready;       // readiness false
  std::function<void()> stop_accepting;  // after the delay
  // Returns once what is in flight is done, or at `deadline`.
  std::function<void(std::chrono::system_clock::time_point deadline)> wait;
};

// Blocks until SIGINT or SIGTERM (see BlockStopSignals), then runs the
// steps in order: not_ready, `delay`, stop_accepting, wait (grace).
void WaitAndDrain(const DrainOptions& options, const DrainSteps& steps);

// Checks `idle` every `every` until it holds (true) or `deadline` passed
// (false).
bool WaitIdle(const std::function<bool()>& idle,
              std::chrono::system_clock::time_point deadline,
              std::chrono::milliseconds every = std::chrono::milliseconds(50));

}  // namespace briefdesk::service

#endif  // BRIEFDESK_LIBS_SERVICE_DRAIN_H_
