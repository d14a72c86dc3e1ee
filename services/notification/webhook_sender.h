// Domain layer: webhook deliveries (the deliveries and attempts tables
// through the store, store.h), with their HTTP client. Delivers webhook
// requests: POST of the notification JSON, signed (X-BriefDesk-Signature:
// sha256=<hex HMAC-SHA256 of the body>), with one timeout for connect, send
// and answer, never following redirects. Failed deliveries are retried with
// exponential backoff and jitter until the retry window closes, then
// dead-lettered. Every attempt is recorded.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_SENDER_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_SENDER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "libs/metrics/metrics.h"
#include "libs/worker/worker.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// The delay before retry `attempt` (1 for the first retry): half of
// min(max, base * 2^(attempt-1)) plus a random share of the other half, so
// each delay is at least the previous one.
std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                  std::chrono::milliseconds max,
                                  std::mt19937& rng);

// "sha256=<hex>" of HMAC-SHA256(secret, body).
std::string Signature(const std::string& secret, const std::string& body);

class WebhookSender {
 public:
  // Counts outcomes in `metrics`: briefdesk_webhook_attempts_total{outcome}
  // (delivered, retry, dead) and briefdesk_webhook_attempt_seconds.
  WebhookSender(storage::PgPool* pool, NotificationConfig config,
                std::chrono::milliseconds poll, metrics::Registry* metrics);

  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }
  void Wake() { worker_.Wake(); }

 private:
  using Due = DueDelivery;
  struct Outcome {
    int status = 0;
    int latency_ms = 0;
    std::string error;
  };
  // One delivery, if one is due; each worker thread its own loop.
  worker::Next Step();
  // Leases one due delivery; nullopt when none is due.
  absl::StatusOr<std::optional<Due>> Take();
  Outcome Post(const Due& d);
  absl::Status Record(const Due& d, const Outcome& o, std::mt19937& rng);

  storage::PgPool* pool_;
  NotificationConfig config_;
  metrics::Registry* metrics_;
  worker::Worker worker_;  // last: its threads stop before the rest goes
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_SENDER_H_
