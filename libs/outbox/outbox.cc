#include "libs/outbox/outbox.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "libs/auth/api_keys.h"
#include "libs/clock/clock.h"
#include "libs/logging/logging.h"
#include "libs/metrics/metrics.h"
#include "libs/outbox/event_types.h"
#include "libs/outbox/subscriptions.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::outbox {

const char kNotifyChannel[] = "briefdesk_outbox";

Event NewEvent(EventType type, const std::string& brief_id,
               const std::string& actor_id) {
  Event e;
  e.set_id(auth::NewId());
  SetType(&e, type);
  // The service's clock (libs/clock): the time tests move.
  *e.mutable_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(
          clock::Now().time_since_epoch())
          .count());
  e.set_brief_id(brief_id);
  e.set_actor_id(actor_id);
  return e;
}

void Enqueue(pqxx::work& tx, const Event& event,
             const std::vector<std::string>& all, Written* written) {
  std::vector<std::string> destinations = Subscribers(all, TypeOf(event));
  if (destinations.empty()) return;
  // One statement for every destination: the rows, and the NOTIFY that at
  // commit (once per destination and transaction) wakes every replica's
  // relay for it without waiting for its next poll. Destinations are
  // service names, never holding a comma.
  pqxx::result r = tx.exec_params(
      "WITH added AS (INSERT INTO outbox (destination, event_id, payload) "
      "SELECT d, $2, decode($3, 'base64') "
      "FROM unnest(string_to_array($1, ',')) AS d RETURNING destination, seq) "
      "SELECT destination, seq, pg_notify($4, destination) FROM added",
      absl::StrJoin(destinations, ","), event.id(),
      absl::Base64Escape(event.SerializeAsString()), kNotifyChannel);
  if (written == nullptr) return;
  for (const auto& row : r) {
    written->rows.emplace_back(row[0].as<std::string>(), row[1].as<int64_t>());
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
        logging::Warn("metrics_outbox_failed",
                      {{"error", std::string(row.status().message())}});
        continue;
      }
      std::string labels = "destination=\"" + metrics::EscapeLabel(d) + "\"";
      metrics->Set("briefdesk_outbox_backlog", labels, row->first);
      metrics->Set("briefdesk_outbox_oldest_age_seconds", labels, row->second);
    }
  });
}

}  // namespace briefdesk::outbox
