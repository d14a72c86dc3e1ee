// Relay: delivers one destination's outbox rows, in order, and tells
// waiting requests when their rows are acknowledged.
#include <google/protobuf/util/time_util.h>

#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::outbox {
namespace {

constexpr size_t kRecent = 65536;

// LISTENs on the outbox channel for the relay's connection. A notification
// only ends the relay's idle wait (await_notification returns); what is
// pending, for this destination or not, is read from the table after it.
class Listener final : public pqxx::notification_receiver {
 public:
  explicit Listener(pqxx::connection_base& c)
      : pqxx::notification_receiver(c, kNotifyChannel) {}
  void operator()(const std::string&, int) override {}
};

// The relay's statements, on its own connection: it runs them for every
// batch.
void Prepare(pqxx::connection& conn) {
  conn.prepare("outbox_pending",
               "SELECT seq, encode(payload, 'base64') FROM outbox "
               "WHERE destination = $1 AND deliver_time IS NULL "
               "ORDER BY seq LIMIT $2");
  conn.prepare("outbox_failed",
               "UPDATE outbox SET attempts = attempts + 1, last_error = $2 "
               "WHERE seq = $1");
  // Delivered rows are kept an hour (what a request waiting on its row
  // reads is seconds old), then deleted: the table does not grow without
  // end, and payloads that hold secrets (an invitation's link) go.
  conn.prepare("outbox_prune",
               "DELETE FROM outbox WHERE destination = $1 AND deliver_time < "
               "now() - interval '1 hour'");
  conn.prepare("outbox_delivered",
               "UPDATE outbox SET deliver_time = now(), attempts = attempts "
               "+ 1 WHERE seq = ANY(string_to_array($1, ',')::bigint[])");
}

}  // namespace

Relay::Relay(std::string conninfo, std::string destination, std::string target,
             RelayOptions options)
    : conninfo_(std::move(conninfo)),
      destination_(std::move(destination)),
      options_(options),
      stub_(events::v1::EventSink::NewStub(rpc::NewChannel(target))),
      backoff_(options.min_backoff),
      // Step waits in itself (LISTEN, backoff): the period is never used.
      worker_([this] { return Step(); }, std::chrono::milliseconds(0)) {}

Relay::~Relay() { Stop(); }

void Relay::Start() { worker_.Start(); }

void Relay::Stop() {
  worker_.Stop();
  Lost();
}

void Relay::Wake() { worker_.Wake(); }

void Relay::Idle(pqxx::connection& conn, std::chrono::milliseconds d) {
  if (worker_.TakeWake()) return;
  // NOTIFY arrives at the commit of any replica's rows; a local Wake() is
  // seen at the end of the wait at the latest.
  conn.await_notification(0, static_cast<long>(d.count()) * 1000);
  worker_.TakeWake();
}

Relay::Wait Relay::AwaitDelivery(int64_t seq,
                                 std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (recent_.count(seq)) return Wait::kDelivered;
    if (!relaying_) return Wait::kNotHere;
    if (failing_) return Wait::kFailing;
    if (delivered_cv_.wait_until(lock, until) == std::cv_status::timeout) {
      return recent_.count(seq) ? Wait::kDelivered : Wait::kTimedOut;
    }
  }
}

void Relay::Delivered(const std::vector<int64_t>& seqs) {
  std::lock_guard lock(mu_);
  failing_ = false;
  for (int64_t seq : seqs) {
    if (recent_.insert(seq).second) recent_order_.push_back(seq);
  }
  while (recent_order_.size() > kRecent) {
    recent_.erase(recent_order_.front());
    recent_order_.pop_front();
  }
  delivered_cv_.notify_all();
}

void Relay::Lost() {
  listener_.reset();
  conn_.reset();
  locked_ = false;
  std::lock_guard lock(mu_);
  relaying_ = false;
  delivered_cv_.notify_all();
}

worker::Next Relay::Step() {
  try {
    if (!conn_ || !conn_->is_open()) {
      Lost();
      conn_ = std::make_unique<pqxx::connection>(conninfo_);
      // Marking a row delivered need not wait for the disk: if the mark
      // is lost in a crash, the row is delivered again and the receiver
      // ignores the repeat.
      pqxx::nontransaction(*conn_).exec("SET synchronous_commit TO off");
      Prepare(*conn_);
    }
    if (!locked_) {
      // Session-level lock: released if this process dies.
      pqxx::nontransaction tx(*conn_);
      locked_ = tx.exec_params(
                      "SELECT pg_try_advisory_lock(hashtextextended("
                      "'outbox:' || $1, 0))",
                      destination_)[0][0]
                    .as<bool>();
      if (!locked_) {
        worker_.Sleep(std::chrono::seconds(1));  // another replica relays
        return worker::Next::kAgain;
      }
      listener_ = std::make_unique<Listener>(*conn_);
      std::lock_guard lock(mu_);
      relaying_ = true;
      failing_ = false;  // nothing is known of the receiver yet
    }
    if (DeliverPending(*conn_)) {
      backoff_ = options_.min_backoff;
      return worker::Next::kAgain;
    }
  } catch (const std::exception& e) {
    // The database, not the receiver: waiting requests ask the database
    // (kNotHere) until this relay holds its lock again.
    logging::Warn("outbox_relay_error",
                  {{"destination", destination_}, {"error", e.what()}});
    Lost();
  }
  // Exponential backoff with full jitter.
  std::uniform_int_distribution<long> jitter(0, backoff_.count());
  worker_.Sleep(std::chrono::milliseconds(jitter(rng_)) + options_.min_backoff);
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  return worker::Next::kAgain;
}

bool Relay::DeliverPending(pqxx::connection& conn) {
  conn.get_notifs();  // what is pending is read below anyway
  pqxx::result rows;
  {
    pqxx::nontransaction tx(conn);
    rows = tx.exec_prepared("outbox_pending", destination_,
                            batches_ ? kBatchRows : 1);
  }
  if (rows.empty()) {
    Prune(conn);
    Idle(conn, options_.poll);
    return true;
  }
  events::v1::EventBatch batch;
  std::vector<int64_t> seqs;
  for (const auto& row : rows) {
    std::string encoded = row[1].as<std::string>(), bytes;
    encoded.erase(std::remove(encoded.begin(), encoded.end(), '\n'),
                  encoded.end());
    absl::Base64Unescape(encoded, &bytes);
    // The first row always goes; the batch stays far below gRPC's 4 MB.
    if (!seqs.empty() && batch.ByteSizeLong() + bytes.size() > kBatchBytes) {
      break;
    }
    batch.add_events()->ParseFromString(bytes);
    seqs.push_back(row[0].as<int64_t>());
  }
  if (!worker_.running()) return true;
  grpc::Status s = Send(batch, &seqs);
  pqxx::nontransaction tx(conn);
  if (!s.ok()) {
    {
      // The receiver did not take it: requests that wait on this
      // destination answer "pending" at once until a delivery succeeds.
      std::lock_guard lock(mu_);
      failing_ = true;
      delivered_cv_.notify_all();
    }
    tx.exec_prepared("outbox_failed", seqs.front(), s.error_message());
    return false;  // keep the order: retry these rows first
  }
  Delivered(seqs);  // the receiver committed: its effect is visible
  tx.exec_prepared("outbox_delivered", absl::StrJoin(seqs, ","));
  return true;
}

void Relay::Prune(pqxx::connection& conn) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_prune_ < std::chrono::minutes(1)) return;
  last_prune_ = now;
  pqxx::nontransaction tx(conn);
  tx.exec_prepared("outbox_prune", destination_);
}

grpc::Status Relay::Send(const events::v1::EventBatch& batch,
                         std::vector<int64_t>* seqs) {
  events::v1::Ack ack;
  auto context = [&](grpc::ClientContext* ctx) {
    ctx->set_deadline(std::chrono::system_clock::now() + options_.deadline);
  };
  if (batches_) {
    grpc::ClientContext ctx;
    context(&ctx);
    grpc::Status s = stub_->DeliverBatch(&ctx, batch, &ack);
    if (s.error_code() != grpc::StatusCode::UNIMPLEMENTED) return s;
    // A receiver of an older version: one event a call from now on.
    logging::Info("outbox_relay_unbatched", {{"destination", destination_}});
    batches_ = false;
  }
  seqs->resize(1);
  grpc::ClientContext ctx;
  context(&ctx);
  return stub_->Deliver(&ctx, batch.events(0), &ack);
}

}  // namespace briefdesk::outbox
