// The transactional outbox of DESIGN.md. A service writes an event in the
// same transaction as the state change it announces (Enqueue); a Relay per
// destination delivers the rows over gRPC (EventSink.Deliver), oldest first,
// retrying with exponential backoff until acknowledged. A receiver calls
// FirstDelivery in the transaction that applies the event, so a repeat is
// acknowledged without being applied twice. Its tables are its own:
// libs/outbox/migrations, applied by Migrations() below.
//
// Read your writes: a request whose change other services act on waits,
// after its commit, until their relays' deliveries of its rows are
// acknowledged (Relays::Await), so that its answer means the effect is
// visible everywhere; when a receiver is down the wait ends early and the
// row is delivered later, as always.
#ifndef BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_
#define BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "libs/outbox/event_types.h"
#include "libs/storage/migrations.h"
#include "libs/storage/pg_pool.h"
#include "libs/worker/worker.h"

namespace briefdesk::metrics {
class Registry;
}  // namespace briefdesk::metrics
namespace briefdesk::outbox {

// The outbox's tables (outbox, processed_events), for storage::Migrate with
// kMigrationsTable: every service applies them before its own schema.
const std::vector<storage::Migration>& Migrations();
inline constexpr char kMigrationsTable[] = "outbox_migrations";

using events::v1::Event;

// The NOTIFY channel of commits that wrote outbox rows; the payload is the
// destination.
extern const char kNotifyChannel[];

// A new event with a fresh id and the current time.
Event NewEvent(EventType type, const std::string& brief_id,
               const std::string& actor_id);

// Exports the undelivered rows for each of `destinations` at every scrape
// of `metrics`: briefdesk_outbox_backlog (rows) and
// briefdesk_outbox_oldest_age_seconds (0 when none wait).
void ExportBacklog(storage::PgPool* pool,
                   const std::vector<std::string>& destinations,
                   metrics::Registry* metrics);

// The outbox rows a transaction wrote: destination and sequence number.
struct Written {
  std::vector<std::pair<std::string, int64_t>> rows;
};

// One row per destination that acts on the event (subscriptions.h), in the
// caller's transaction, and a NOTIFY that wakes the destinations' relays
// (on every replica) when it commits. The rows are added to `written` when
// given.
void Enqueue(pqxx::work& tx, const Event& event,
             const std::vector<std::string>& destinations,
             Written* written = nullptr);

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

  enum class Wait { kDelivered, kNotHere, kFailing, kTimedOut };
  // Waits until row `seq` is acknowledged by this relay. kNotHere at once
  // when another replica's relay holds the destination (ask the database),
  // kFailing when deliveries are failing (the receiver is down).
  Wait AwaitDelivery(int64_t seq, std::chrono::steady_clock::time_point until);

  const std::string& destination() const { return destination_; }

 private:
  // One turn of the relay's worker: (re)connect, take the destination's
  // lock, deliver what is pending; backs off after a failure.
  worker::Next Step();
  // Forgets the connection (and so the lock) after an error or at stop.
  void Lost();
  // Delivers the oldest pending rows, as one batch when the receiver takes
  // batches; false when the receiver refused them.
  bool DeliverPending(pqxx::connection& conn);
  // Sends `batch`; without DeliverBatch at the receiver, only its first
  // event, and `seqs` keeps only that one's.
  grpc::Status Send(const events::v1::EventBatch& batch,
                    std::vector<int64_t>* seqs);
  void Delivered(const std::vector<int64_t>& seqs);
  // When idle, at most once a minute: deletes rows delivered over an hour
  // ago.
  void Prune(pqxx::connection& conn);
  // Idle: until a NOTIFY says new rows were committed, or `d` passed.
  void Idle(pqxx::connection& conn, std::chrono::milliseconds d);

  const std::string conninfo_, destination_;
  const RelayOptions options_;
  std::unique_ptr<events::v1::EventSink::Stub> stub_;
  // Rows and bytes of one DeliverBatch; false once the receiver said it
  // has no DeliverBatch (only the relay's thread reads it).
  static constexpr int kBatchRows = 100;
  static constexpr size_t kBatchBytes = 1 << 20;
  bool batches_ = true;
  // The worker thread's own state.
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::notification_receiver> listener_;
  bool locked_ = false;
  std::chrono::steady_clock::time_point last_prune_{};
  std::chrono::milliseconds backoff_;
  std::mt19937 rng_{std::random_device{}()};
  worker::Worker worker_;
  std::mutex mu_;
  // What AwaitDelivery reads, under mu_.
  bool relaying_ = false;  // holds the destination's advisory lock
  bool failing_ = false;   // the last delivery failed
  std::condition_variable delivered_cv_;
  std::unordered_set<int64_t> recent_;  // recently acknowledged rows
  std::deque<int64_t> recent_order_;
};

// A service's relays, one per destination.
class Relays {
 public:
  explicit Relays(std::string conninfo) : conninfo_(std::move(conninfo)) {}

  void Add(const std::string& destination, const std::string& target,
           RelayOptions options = {});
  const std::vector<std::string>& destinations() const { return destinations_; }
  void Start();
  void Stop();
  void Wake();

  // Waits, for at most `timeout`, until every row of `written` for one of
  // `sync` is acknowledged by its receiver; false when one is not (it is
  // delivered later). Where another replica relays a destination, the
  // database is asked through `pool`.
  bool Await(const Written& written, const std::vector<std::string>& sync,
             std::chrono::milliseconds timeout, storage::PgPool* pool);

 private:
  const std::string conninfo_;
  std::vector<std::string> destinations_;
  std::vector<std::unique_ptr<Relay>> relays_;
};

}  // namespace briefdesk::outbox

#endif  // BRIEFDESK_LIBS_OUTBOX_OUTBOX_H_
