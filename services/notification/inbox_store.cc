// Store layer: the notifications table, as the inbox writes and reads it
// (the write lock, insert, one row, a person's list, mark read). Open
// streams read it through stream_store.cc; rows read as messages in
// notification_rows.cc.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/notification/notification_rows.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

void PrepareInboxStatements(pqxx::connection_base& conn) {
  conn.prepare("lock_notification_writes",
               "SELECT pg_advisory_xact_lock(hashtextextended('notifications', "
               "0))");
  conn.prepare("inbox",
               absl::StrCat("SELECT ", kNotificationColumns,
                            "WHERE user_id = $1 AND ($2 = 0 OR seq < $2) "
                            "AND (NOT $3 OR read_time IS NULL) "
                            "ORDER BY seq DESC LIMIT $4"));
  conn.prepare(
      "insert_notification",
      "INSERT INTO notifications (id, user_id, event_id, event, "
      "brief_id, title, body, course_id) SELECT $1::text, $2::text, "
      "$3::text, $4::text, $5::text, $6::text, $7::text, $8::text "
      // Nothing more for an erased person (erasure_store.cc).
      "WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id = "
      "$2::text) ON CONFLICT (user_id, event_id) DO NOTHING RETURNING seq");
  conn.prepare("notification",
               absl::StrCat("SELECT ", kNotificationColumns, "WHERE id = $1"));
  conn.prepare("mark_read",
               absl::StrCat("UPDATE notifications SET read_time = "
                            "coalesce(read_time, now()) WHERE id = $1 AND "
                            "user_id = $2 RETURNING ",
                            kNotificationFields));
}

void NotificationTx::LockWrites() {
  tx_.exec_prepared("lock_notification_writes");
}

bool NotificationTx::InsertNotification(
    const std::string& id, const std::string& user, const std::string& event_id,
    const std::string& event, const std::string& brief_id,
    const std::string& title, const std::string& body,
    const std::string& course_id) {
  return !tx_.exec_prepared("insert_notification", id, user, event_id, event,
                            brief_id, title, body, course_id)
              .empty();
}

v1::Notification NotificationTx::LoadNotification(const std::string& id) {
  return ReadNotification(tx_.exec_prepared("notification", id)[0]);
}

std::vector<v1::Notification> NotificationTx::Inbox(const std::string& user,
                                                    int64_t before, bool unread,
                                                    int limit) {
  std::vector<v1::Notification> out;
  for (const auto& row :
       tx_.exec_prepared("inbox", user, before, unread, limit)) {
    out.push_back(ReadNotification(row));
  }
  return out;
}

std::optional<v1::Notification> NotificationTx::MarkRead(
    const std::string& id, const std::string& user) {
  pqxx::result r = tx_.exec_prepared("mark_read", id, user);
  if (r.empty()) return std::nullopt;
  return ReadNotification(r[0]);
}

}  // namespace briefdesk::notification
