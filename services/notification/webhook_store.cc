// Store layer: the webhooks, deliveries and attempts tables: registration,
// the deliveries a notification writes, the sender's lease and record of
// each attempt, and the record the owner lists.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/notification/store.h"

namespace briefdesk::notification {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp Micros(const pqxx::field& f) {
  return TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

// The columns ReadWebhook reads, in its order.
constexpr char kWebhookFields[] =
    "id, url, array_to_string(events, ','), "
    "(extract(epoch FROM create_time) * 1000000)::bigint";

v1::Webhook ReadWebhook(const pqxx::row& row) {
  v1::Webhook w;
  w.set_id(row[0].as<std::string>());
  w.set_url(row[1].as<std::string>());
  for (absl::string_view e :
       absl::StrSplit(row[2].as<std::string>(), ',', absl::SkipEmpty())) {
    w.add_events(std::string(e));
  }
  *w.mutable_create_time() = Micros(row[3]);
  return w;
}

// A row of the "attempts" statement.
v1::Attempt ReadAttempt(const pqxx::row& row) {
  v1::Attempt a;
  a.set_delivery_id(row[0].as<std::string>());
  a.set_notification_id(row[1].as<std::string>());
  a.set_event(row[2].as<std::string>());
  a.set_attempt(row[3].as<int>());
  *a.mutable_time() = Micros(row[4]);
  a.set_status_code(row[5].as<int>());
  a.set_latency_ms(row[6].as<int>());
  a.set_error(row[7].as<std::string>());
  v1::DeliveryState state = v1::DELIVERY_STATE_UNSPECIFIED;
  v1::DeliveryState_Parse(row[8].as<std::string>(), &state);
  a.set_state(state);
  if (!row[9].is_null()) *a.mutable_next_retry_time() = Micros(row[9]);
  return a;
}

void PrepareRegistrationStatements(pqxx::connection_base& conn) {
  conn.prepare("webhooks_for",
               "SELECT id FROM webhooks WHERE user_id = $1 AND "
               "delete_time IS NULL AND $2 = ANY (events)");
  conn.prepare("insert_webhook",
               absl::StrCat("INSERT INTO webhooks (id, user_id, url, events, "
                            "secret) VALUES ($1, $2, $3, string_to_array($4, "
                            "','), $5) RETURNING ",
                            kWebhookFields));
  conn.prepare("webhooks_of",
               absl::StrCat("SELECT ", kWebhookFields,
                            " FROM webhooks WHERE user_id = $1 AND "
                            "delete_time IS NULL AND id > $2 ORDER BY id "
                            "LIMIT $3"));
  conn.prepare("delete_webhook",
               "UPDATE webhooks SET delete_time = now() WHERE id = $1 AND "
               "user_id = $2 AND delete_time IS NULL RETURNING id");
  conn.prepare("has_webhook",
               "SELECT 1 FROM webhooks WHERE id = $1 AND user_id = $2");
}

void PrepareDeliveryStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_delivery",
               "INSERT INTO deliveries (id, webhook_id, notification_id, "
               "event, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO "
               "NOTHING");
  conn.prepare("drop_pending_deliveries",
               "UPDATE deliveries SET state = 'DEAD' WHERE webhook_id = $1 "
               "AND state = 'PENDING'");
  conn.prepare(
      "lease_due_delivery",
      "UPDATE deliveries d SET next_attempt_time = now() + $1 * interval "
      "'1 millisecond' FROM webhooks w WHERE d.id = (SELECT id FROM "
      "deliveries WHERE state = 'PENDING' AND next_attempt_time <= now() "
      "ORDER BY next_attempt_time LIMIT 1 FOR UPDATE SKIP LOCKED) "
      "AND w.id = d.webhook_id "
      "RETURNING d.id, w.url, w.secret, d.event, d.payload, d.attempts");
  conn.prepare("set_delivery_state",
               "UPDATE deliveries SET attempts = $2, state = CASE WHEN $3 THEN "
               "'DELIVERED' WHEN now() + $4 * interval '1 millisecond' > "
               "create_time + $5 * interval '1 second' THEN 'DEAD' ELSE "
               "'PENDING' END, next_attempt_time = now() + $4 * interval "
               "'1 millisecond' WHERE id = $1 RETURNING state");
  conn.prepare(
      "insert_attempt",
      "INSERT INTO attempts (delivery_id, attempt, status_code, latency_ms, "
      "error, next_retry_time) VALUES ($1, $2, $3, $4, $5, "
      "CASE WHEN $6 THEN now() + $7 * interval '1 millisecond' END)");
  conn.prepare("attempts",
               "SELECT a.delivery_id, d.notification_id, d.event, a.attempt, "
               "(extract(epoch FROM a.time) * 1000000)::bigint, a.status_code, "
               "a.latency_ms, a.error, d.state, "
               "(extract(epoch FROM a.next_retry_time) * 1000000)::bigint, "
               "row_number() OVER (ORDER BY a.time, a.delivery_id, a.attempt) "
               "AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id "
               "WHERE d.webhook_id = $1 ORDER BY a.time, a.delivery_id, "
               "a.attempt OFFSET $2 LIMIT $3");
}

}  // namespace

void PrepareWebhookStatements(pqxx::connection_base& conn) {
  PrepareRegistrationStatements(conn);
  PrepareDeliveryStatements(conn);
}

std::vector<std::string> NotificationTx::WebhooksFor(const std::string& user,
                                                     const std::string& event) {
  std::vector<std::string> out;
  for (const auto& row : tx_.exec_prepared("webhooks_for", user, event)) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

void NotificationTx::InsertDelivery(const std::string& id,
                                    const std::string& webhook_id,
                                    const std::string& notification_id,
                                    const std::string& event,
                                    const std::string& payload) {
  tx_.exec_prepared("insert_delivery", id, webhook_id, notification_id, event,
                    payload);
}

v1::Webhook NotificationTx::InsertWebhook(const std::string& id,
                                          const std::string& user,
                                          const std::string& url,
                                          const std::string& events,
                                          const std::string& secret) {
  return ReadWebhook(
      tx_.exec_prepared("insert_webhook", id, user, url, events, secret)[0]);
}

std::vector<v1::Webhook> NotificationTx::WebhooksOf(const std::string& user,
                                                    const std::string& after,
                                                    int limit) {
  std::vector<v1::Webhook> out;
  for (const auto& row : tx_.exec_prepared("webhooks_of", user, after, limit)) {
    out.push_back(ReadWebhook(row));
  }
  return out;
}

bool NotificationTx::DeleteWebhook(const std::string& id,
                                   const std::string& user) {
  return !tx_.exec_prepared("delete_webhook", id, user).empty();
}

void NotificationTx::DropPendingDeliveries(const std::string& webhook_id) {
  tx_.exec_prepared("drop_pending_deliveries", webhook_id);
}

bool NotificationTx::HasWebhook(const std::string& id,
                                const std::string& user) {
  return !tx_.exec_prepared("has_webhook", id, user).empty();
}

std::vector<v1::Attempt> NotificationTx::Attempts(const std::string& webhook_id,
                                                  int64_t offset, int limit) {
  std::vector<v1::Attempt> out;
  for (const auto& row :
       tx_.exec_prepared("attempts", webhook_id, offset, limit)) {
    out.push_back(ReadAttempt(row));
  }
  return out;
}

std::optional<DueDelivery> NotificationTx::LeaseDueDelivery(int64_t lease_ms) {
  pqxx::result r = tx_.exec_prepared("lease_due_delivery", lease_ms);
  if (r.empty()) return std::nullopt;
  return DueDelivery{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                     r[0][2].as<std::string>(), r[0][3].as<std::string>(),
                     r[0][4].as<std::string>(), r[0][5].as<int>()};
}

std::string NotificationTx::SetDeliveryState(const std::string& id, int attempt,
                                             bool delivered, int64_t delay_ms,
                                             int64_t window_s) {
  pqxx::result r = tx_.exec_prepared("set_delivery_state", id, attempt,
                                     delivered, delay_ms, window_s);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

void NotificationTx::InsertAttempt(const std::string& delivery_id, int attempt,
                                   int status, int latency_ms,
                                   const std::string& error, bool retry,
                                   int64_t delay_ms) {
  tx_.exec_prepared("insert_attempt", delivery_id, attempt, status, latency_ms,
                    error, retry, delay_ms);
}

}  // namespace briefdesk::notification
