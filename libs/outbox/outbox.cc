#include "libs/outbox/outbox.h"

#include <google/protobuf/util/time_util.h>

#include <random>

#include "absl/strings/escaping.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/metrics/metrics.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::outbox {

Event NewEvent(const std::string& type, const std::string& brief_id,
               const std::string& actor_id) {
  Event e;
  e.set_id(auth::NewId());
  e.set_type(type);
  *e.mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  e.set_brief_id(brief_id);
  e.set_actor_id(actor_id);
  return e;
}

void Enqueue(pqxx::work& tx, const Event& event,
             const std::vector<std::string>& destinations) {
  std::string payload = absl::Base64Escape(event.SerializeAsString());
  for (const std::string& d : destinations) {
    tx.exec_params(
        "INSERT INTO outbox (destination, event_id, payload) "
        "VALUES ($1, $2, decode($3, 'base64'))",
        d, event.id(), payload);
  }
}

bool FirstDelivery(pqxx::work& tx, const std::string& event_id) {
  pqxx::result r = tx.exec_params(
      "INSERT INTO processed_events (event_id) VALUES ($1) "
      "ON CONFLICT DO NOTHING RETURNING event_id",
      event_id);
  return !r.empty();
}

void ExportBacklog(storage::PgPool* pool,
                   const std::vector<std::string>& destinations,
                   metrics::Registry* metrics) {
  metrics->Describe("briefdesk_outbox_backlog", "gauge",
                    "Events written but not yet acknowledged, by destination.");
  metrics->Describe("briefdesk_outbox_oldest_age_seconds", "gauge",
                    "Age of the oldest unacknowledged event, by destination.");
  metrics->OnScrape([=] {
    for (const std::string& d : destinations) {
      auto row = pool->Run<std::pair<double, double>>(
          [&](pqxx::work& tx) -> absl::StatusOr<std::pair<double, double>> {
            pqxx::row r = tx.exec_params1(
                "SELECT count(*), coalesce(extract(epoch FROM now() - "
                "min(create_time)), 0) FROM outbox WHERE destination = $1 AND "
                "deliver_time IS NULL",
                d);
            return std::make_pair(r[0].as<double>(), r[1].as<double>());
          });
      if (!row.ok()) {
        logging::Warn("metrics_outbox_failed", {{"error", std::string(row.status().message())}});
        continue;
      }
      std::string labels = "destination=\"" + metrics::EscapeLabel(d) + "\"";
      metrics->Set("briefdesk_outbox_backlog", labels, row->first);
      metrics->Set("briefdesk_outbox_oldest_age_seconds", labels, row->second);
    }
  });
}

Relay::Relay(std::string conninfo, std::string destination, std::string target,
             RelayOptions options)
    : conninfo_(std::move(conninfo)),
      destination_(std::move(destination)),
      options_(options),
      stub_(events::v1::EventSink::NewStub(
          rpc::NewChannel(target))) {}

Relay::~Relay() { Stop(); }

void Relay::Start() {
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void Relay::Stop() {
  if (!running_.exchange(false)) return;
  Wake();
  if (thread_.joinable()) thread_.join();
}

void Relay::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  cv_.notify_one();
}

void Relay::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [this] { return woken_ || !running_; });
  woken_ = false;
}

void Relay::Run() {
  std::mt19937 rng(std::random_device{}());
  auto backoff = options_.min_backoff;
  std::unique_ptr<pqxx::connection> conn;
  bool locked = false;
  while (running_) {
    try {
      if (!conn || !conn->is_open()) {
        conn = std::make_unique<pqxx::connection>(conninfo_);
        locked = false;
      }
      if (!locked) {
        // Session-level lock: released if this process dies.
        pqxx::nontransaction tx(*conn);
        locked = tx.exec_params("SELECT pg_try_advisory_lock(hashtextextended("
                                "'outbox:' || $1, 0))",
                                destination_)[0][0]
                     .as<bool>();
        if (!locked) {
          Sleep(std::chrono::seconds(1));  // another replica relays
          continue;
        }
      }
      if (DeliverPending(*conn)) {
        backoff = options_.min_backoff;
        continue;
      }
    } catch (const std::exception& e) {
      logging::Warn("outbox_relay_error",
                    {{"destination", destination_}, {"error", e.what()}});
      conn.reset();
    }
    // Exponential backoff with full jitter.
    std::uniform_int_distribution<long> jitter(0, backoff.count());
    Sleep(std::chrono::milliseconds(jitter(rng)) + options_.min_backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

bool Relay::DeliverPending(pqxx::connection& conn) {
  pqxx::result rows;
  {
    pqxx::nontransaction tx(conn);
    rows = tx.exec_params(
        "SELECT seq, encode(payload, 'base64') FROM outbox "
        "WHERE destination = $1 AND deliver_time IS NULL "
        "ORDER BY seq LIMIT 100",
        destination_);
  }
  if (rows.empty()) {
    Sleep(options_.poll);
    return true;
  }
  for (const auto& row : rows) {
    if (!running_) return true;
    std::string encoded = row[1].as<std::string>(), bytes;
    encoded.erase(std::remove(encoded.begin(), encoded.end(), '\n'),
                  encoded.end());
    absl::Base64Unescape(encoded, &bytes);
    Event event;
    event.ParseFromString(bytes);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + options_.deadline);
    events::v1::Ack ack;
    grpc::Status s = stub_->Deliver(&ctx, event, &ack);
    pqxx::nontransaction tx(conn);
    if (!s.ok()) {
      tx.exec_params(
          "UPDATE outbox SET attempts = attempts + 1, last_error = $2 "
          "WHERE seq = $1",
          row[0].as<int64_t>(), s.error_message());
      return false;  // keep the order: retry this row first
    }
    tx.exec_params("UPDATE outbox SET deliver_time = now(), "
                   "attempts = attempts + 1 WHERE seq = $1",
                   row[0].as<int64_t>());
  }
  return true;
}

}  // namespace briefdesk::outbox
