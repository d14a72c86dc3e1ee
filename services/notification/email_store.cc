// Store layer: the emails table (the queue and its log), email_attempts,
// digest_items and digests. Every time is a parameter from the service's
// clock (libs/clock), so tests move it; the database's now() is never read.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/notification/store.h"

namespace briefdesk::notification {
namespace {

using google::protobuf::util::TimeUtil;

// A microseconds parameter as a timestamptz, exactly.
std::string Ts(int n) {
  return absl::StrCat("('epoch'::timestamptz + ($", n,
                      ")::bigint * interval '1 microsecond')");
}
// A timestamptz column as microseconds.
std::string Us(const std::string& column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

void PrepareQueueStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_email",
               absl::StrCat("INSERT INTO emails (id, event_id, event, kind, "
                            "user_id, recipient, to_email, to_name, language, "
                            "subject, data, next_attempt_time, create_time) "
                            "SELECT $1::text, $2::text, $3::text, $4::text, "
                            "$5::text, $6::text, $7::text, $8::text, $9::text, "
                            "$10::text, $11::text, ",
                            Ts(12), ", ", Ts(12),
                            // Nothing more for an erased person.
                            " WHERE NOT EXISTS (SELECT 1 FROM erased_users "
                            "WHERE user_id = $5::text) ON CONFLICT (event_id, "
                            "recipient) DO NOTHING "
                            "RETURNING id"));
  conn.prepare(
      "lease_due_email",
      absl::StrCat("UPDATE emails SET next_attempt_time = ", Ts(1),
                   " + $2 * interval '1 millisecond' WHERE id = (SELECT id "
                   "FROM emails WHERE state = 'PENDING' AND "
                   "next_attempt_time <= ",
                   Ts(1),
                   " ORDER BY next_attempt_time LIMIT 1 FOR UPDATE SKIP "
                   "LOCKED) RETURNING id, user_id, to_email, to_name, kind, "
                   "language, data, attempts, ",
                   Us("create_time")));
  conn.prepare("set_email_address",
               "UPDATE emails SET to_email = $2, to_name = $3 WHERE id = $1");
  conn.prepare(
      "record_email",
      // Once an invitation or a password-reset link is sent (or given
      // up), its link's secret is not kept: the data goes.
      absl::StrCat("UPDATE emails SET attempts = $2, state = $3, last_error = "
                   "$4, data = CASE WHEN $3 <> 'PENDING' AND kind "
                   "IN ('invitation', 'passwordReset') THEN '{}' ELSE data "
                   "END, next_attempt_time = ",
                   Ts(6), ", sent_time = CASE WHEN $3 = 'SENT' THEN ", Ts(5),
                   " END WHERE id = $1"));
  // Not for an e-mail an erasure deleted while it was being sent.
  conn.prepare("insert_email_attempt",
               absl::StrCat("INSERT INTO email_attempts (email_id, attempt, "
                            "time, outcome, error) SELECT $1::text, "
                            "$2::integer, ",
                            Ts(3),
                            ", $4::text, $5::text WHERE EXISTS (SELECT 1 FROM "
                            "emails WHERE id = $1::text) ON CONFLICT DO "
                            "NOTHING"));
}

void PrepareDigestStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_digest_item",
               absl::StrCat("INSERT INTO digest_items (user_id, event_id, "
                            "event, kind, subject, data, create_time) SELECT "
                            "$1::text, $2::text, $3::text, $4::text, $5::text, "
                            "$6::text, ",
                            Ts(7),
                            " WHERE NOT EXISTS (SELECT 1 FROM erased_users "
                            "WHERE user_id = $1::text) ON CONFLICT DO "
                            "NOTHING"));
  conn.prepare("take_waiting_digest_items",
               absl::StrCat("SELECT user_id, event_id, event, kind, subject, "
                            "data FROM digest_items WHERE digest_id IS NULL "
                            "AND create_time < ",
                            Ts(1),
                            " ORDER BY user_id, create_time LIMIT 1000 FOR "
                            "UPDATE SKIP LOCKED"));
  conn.prepare("insert_digest",
               "INSERT INTO digests (user_id, day, email_id) VALUES ($1, "
               "$2::date, $3) ON CONFLICT DO NOTHING RETURNING email_id");
  conn.prepare("mark_digested",
               "UPDATE digest_items SET digest_id = $3 WHERE user_id = $1 AND "
               "event_id = $2");
}

void PrepareLogStatements(pqxx::connection_base& conn) {
  conn.prepare(
      "list_emails",
      absl::StrCat("SELECT id, event, event_id, kind, to_email, user_id, "
                   "subject, state, attempts, last_error, ",
                   Us("create_time"), ", ", Us("sent_time"),
                   " FROM emails WHERE ($1 = '' OR user_id = $1) AND ($2 = '' "
                   "OR state = $2) AND ($3 = 0 OR (create_time, id) < (",
                   Ts(3),
                   ", $4)) ORDER BY create_time DESC, id DESC LIMIT $5"));
}

v1::Email ReadEmail(const pqxx::row& row) {
  v1::Email e;
  e.set_id(row[0].as<std::string>());
  e.set_event(row[1].as<std::string>());
  e.set_event_id(row[2].as<std::string>());
  e.set_kind(row[3].as<std::string>());
  e.set_to(row[4].as<std::string>());
  e.set_user_id(row[5].as<std::string>());
  e.set_subject(row[6].as<std::string>());
  v1::Email::State state = v1::Email::STATE_UNSPECIFIED;
  v1::Email::State_Parse(row[7].as<std::string>(), &state);
  e.set_state(state);
  e.set_attempts(row[8].as<int>());
  e.set_last_error(row[9].as<std::string>());
  *e.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(row[10].as<int64_t>());
  if (!row[11].is_null()) {
    *e.mutable_sent_time() =
        TimeUtil::MicrosecondsToTimestamp(row[11].as<int64_t>());
  }
  return e;
}

}  // namespace

void PrepareEmailStatements(pqxx::connection_base& conn) {
  PrepareQueueStatements(conn);
  PrepareDigestStatements(conn);
  PrepareLogStatements(conn);
}

bool NotificationTx::InsertEmail(const EmailRow& r, Micros now) {
  return !tx_.exec_prepared("insert_email", r.id, r.event_id, r.event, r.kind,
                            r.user_id, r.recipient, r.to_email, r.to_name,
                            r.language, r.subject, r.data, now)
              .empty();
}

void NotificationTx::InsertDigestItem(const DigestItem& i, Micros now) {
  tx_.exec_prepared("insert_digest_item", i.user_id, i.event_id, i.event,
                    i.kind, i.subject, i.data, now);
}

std::optional<DueEmail> NotificationTx::LeaseDueEmail(Micros now,
                                                      int64_t lease_ms) {
  pqxx::result r = tx_.exec_prepared("lease_due_email", now, lease_ms);
  if (r.empty()) return std::nullopt;
  const pqxx::row& row = r[0];
  return DueEmail{row[0].as<std::string>(), row[1].as<std::string>(),
                  row[2].as<std::string>(), row[3].as<std::string>(),
                  row[4].as<std::string>(), row[5].as<std::string>(),
                  row[6].as<std::string>(), row[7].as<int>(),
                  row[8].as<int64_t>()};
}

void NotificationTx::SetEmailAddress(const std::string& id,
                                     const std::string& email,
                                     const std::string& name) {
  tx_.exec_prepared("set_email_address", id, email, name);
}

void NotificationTx::RecordEmailAttempt(const std::string& id, int attempt,
                                        const std::string& state,
                                        const std::string& error, Micros now,
                                        Micros next) {
  tx_.exec_prepared("record_email", id, attempt, state, error, now, next);
  tx_.exec_prepared("insert_email_attempt", id, attempt, now,
                    state == "PENDING" ? "RETRY" : state, error);
}

std::vector<DigestItem> NotificationTx::TakeWaitingDigestItems(Micros before) {
  std::vector<DigestItem> out;
  for (const auto& row :
       tx_.exec_prepared("take_waiting_digest_items", before)) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                   row[2].as<std::string>(), row[3].as<std::string>(),
                   row[4].as<std::string>(), row[5].as<std::string>()});
  }
  return out;
}

bool NotificationTx::InsertDigest(const std::string& user,
                                  const std::string& day,
                                  const std::string& email_id) {
  return !tx_.exec_prepared("insert_digest", user, day, email_id).empty();
}

void NotificationTx::MarkDigested(const std::string& user,
                                  const std::string& event_id,
                                  const std::string& email_id) {
  tx_.exec_prepared("mark_digested", user, event_id, email_id);
}

std::vector<v1::Email> NotificationTx::ListEmails(const std::string& user,
                                                  const std::string& state,
                                                  Micros before_time,
                                                  const std::string& before_id,
                                                  int limit) {
  std::vector<v1::Email> out;
  for (const auto& row : tx_.exec_prepared("list_emails", user, state,
                                           before_time, before_id, limit)) {
    out.push_back(ReadEmail(row));
  }
  return out;
}

}  // namespace briefdesk::notification
