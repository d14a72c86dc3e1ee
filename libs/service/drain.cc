#include "libs/service/drain.h"

#include <pthread.h>

#include <csignal>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "libs/config/config.h"
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
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::StatusOr<DrainOptions> ReadDrainOptions() {
  auto delay = config::Int("BRIEFDESK_SHUTDOWN_DELAY_SECONDS", 0, 0, 300);
  if (!delay.ok()) return delay.status();
  auto grace = config::Int("BRIEFDESK_SHUTDOWN_GRACE_SECONDS", 10, 0, 600);
  if (!grace.ok()) return grace.status();
  return DrainOptions{std::chrono::seconds(*delay),
                      std::chrono::seconds(*grace)};
}

void WaitAndDrain(const DrainOptions& options, const DrainSteps& steps) {
  sigset_t set = StopSignals();
  int sig = 0;
  sigwait(&set, &sig);
  logging::Info("stopping",
                {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                 {"delay_s", std::to_string(options.delay.count())},
                 {"grace_s", std::to_string(options.grace.count())}});
  steps.not_ready();
  std::this_thread::sleep_for(options.delay);
  steps.stop_accepting();
  steps.wait(std::chrono::system_clock::now() + options.grace);
}

bool WaitIdle(const std::function<bool()>& idle,
              std::chrono::system_clock::time_point deadline,
              std::chrono::milliseconds every) {
  while (!idle()) {
    if (std::chrono::system_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace briefdesk::service
