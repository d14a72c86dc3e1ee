// Relays: a service's relays, and the wait of a request for its rows.
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"

namespace briefdesk::outbox {
namespace {

// Polls the database until the row is delivered (by another replica's
// relay), the deadline passes, or its relay is failing: on it, or on an
// older row of its destination that it waits behind (a failed batch marks
// only its first row).
bool PollDelivered(storage::PgPool* pool, int64_t seq,
                   std::chrono::steady_clock::time_point until) {
  for (;;) {
    auto state = pool->Run<std::pair<bool, bool>>(
        [&](pqxx::work& tx) -> absl::StatusOr<std::pair<bool, bool>> {
          pqxx::row r = tx.exec_params1(
              "SELECT o.deliver_time IS NOT NULL, EXISTS (SELECT 1 FROM "
              "outbox h WHERE h.destination = o.destination AND "
              "h.deliver_time IS NULL AND h.seq <= o.seq AND h.attempts > 0) "
              "FROM outbox o WHERE o.seq = $1",
              seq);
          return std::make_pair(r[0].as<bool>(), r[1].as<bool>());
        });
    if (!state.ok()) return false;
    if (state->first) return true;
    if (state->second) return false;  // tried and failed: receiver down
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

void Relays::Add(const std::string& destination, const std::string& target,
                 RelayOptions options) {
  destinations_.push_back(destination);
  relays_.push_back(
      std::make_unique<Relay>(conninfo_, destination, target, options));
}

void Relays::Start() {
  for (auto& r : relays_) r->Start();
}

void Relays::Stop() {
  for (auto& r : relays_) r->Stop();
}

void Relays::Wake() {
  for (auto& r : relays_) r->Wake();
}

bool Relays::Await(const Written& written, const std::vector<std::string>& sync,
                   std::chrono::milliseconds timeout, storage::PgPool* pool) {
  auto until = std::chrono::steady_clock::now() + timeout;
  Wake();
  for (const auto& [destination, seq] : written.rows) {
    if (std::find(sync.begin(), sync.end(), destination) == sync.end())
      continue;
    Relay* relay = nullptr;
    for (auto& r : relays_) {
      if (r->destination() == destination) relay = r.get();
    }
    Relay::Wait wait = relay != nullptr ? relay->AwaitDelivery(seq, until)
                                        : Relay::Wait::kNotHere;
    bool delivered =
        wait == Relay::Wait::kDelivered ||
        (wait == Relay::Wait::kNotHere && PollDelivered(pool, seq, until));
    if (!delivered) {
      logging::Info("effects_pending", {{"destination", destination},
                                        {"seq", std::to_string(seq)}});
      return false;
    }
  }
  return true;
}

}  // namespace briefdesk::outbox
