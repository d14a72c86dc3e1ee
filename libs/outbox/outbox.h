// The transactional outbox of DESIGN.md. A service writes an event in the
// same transaction as the state change it announces (Enqueue); a Relay per
// destination delivers the rows over gRPC (EventSink.Deliver), oldest first,
// retrying with exponential backoff until acknowledged. A receiver calls
// FirstDelivery in the transaction that applies the event, so a repeat is
// acknowledged without being applied twice. Tables: outbox.sql.md.
#ifndef BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_
#define BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::metrics {
class Registry;
}  // namespace briefdesk::metrics
namespace briefdesk::outbox {

using events::v1::Event;

// A new event with a fresh id and the current time.
Event NewEvent(const std::string& type, const std::string& brief_id,
               const std::string& actor_id);

// Exports the undelivered rows for each of `destinations` at every scrape
// of `metrics`: briefdesk_outbox_backlog (rows) and
// briefdesk_outbox_oldest_age_seconds (0 when none wait).
void ExportBacklog(storage::PgPool* pool,
                   const std::vector<std::string>& destinations,
                   metrics::Registry* metrics);

// One row per destination, in the caller's transaction.
void Enqueue(pqxx::work& tx, const Event& event,
             const std::vector<std::string>& destinations);

// True the first time an event id is seen (and records it), false for a
// repeat. In the transaction that applies the event.
bool FirstDelivery(pqxx::work& tx, const std::string& event_id);

struct RelayOptions {
  std::chrono::milliseconds poll{200};         // when idle
  std::chrono::milliseconds min_backoff{100};  // after a failed delivery
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds deadline{5000};  // of one Deliver call
};

class Relay {
 public:
  // Delivers the rows for `destination` to the EventSink at `target`. Only
  // one Relay per destination delivers at a time across replicas: it holds
  // a PostgreSQL advisory lock while it does.
  Relay(std::string conninfo, std::string destination, std::string target,
        RelayOptions options = {});
  ~Relay();

  void Start();
  // Stops after the delivery in progress, if any.
  void Stop();
  // Delivers now instead of at the next poll (after a local commit).
  void Wake();

 private:
  void Run();
  // Delivers pending rows; false when a delivery failed (back off).
  bool DeliverPending(pqxx::connection& conn);
  void Sleep(std::chrono::milliseconds d);

  const std::string conninfo_, destination_;
  const RelayOptions options_;
  std::unique_ptr<events::v1::EventSink::Stub> stub_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
};

}  // namespace briefdesk::outbox

#endif  // BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_
