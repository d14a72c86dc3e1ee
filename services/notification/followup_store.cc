// Store layer: the followups table (the reminders a publication schedules,
// which the scheduler sends) and brief_titles (the last title each brief's
// events carried).
#include <pqxx/pqxx>

#include "services/notification/store.h"

namespace briefdesk::notification {

void PrepareFollowupStatements(pqxx::connection_base& conn) {
  conn.prepare("set_brief_title",
               "INSERT INTO brief_titles (brief_id, title) VALUES ($1, $2) "
               "ON CONFLICT (brief_id) DO UPDATE SET title = EXCLUDED.title");
  conn.prepare("brief_title",
               "SELECT title FROM brief_titles WHERE brief_id = $1");
  conn.prepare("cancel_followups",
               "UPDATE followups SET state = 'CANCELLED' WHERE brief_id = $1 "
               "AND state = 'PENDING'");
  conn.prepare("insert_followup",
               "INSERT INTO followups (id, brief_id, user_id, number, title, "
               "due_time) SELECT $1::text, $2::text, $3::text, $4::integer, "
               "$5::text, now() + $6::bigint * interval '1 second' WHERE NOT "
               "EXISTS (SELECT 1 FROM erased_users WHERE user_id = $3::text) "
               "ON CONFLICT DO NOTHING");
  conn.prepare("take_due_followups",
               "UPDATE followups SET state = 'SENT' WHERE id IN (SELECT id "
               "FROM followups WHERE state = 'PENDING' AND due_time <= now() "
               "ORDER BY due_time LIMIT 100 FOR UPDATE SKIP LOCKED) "
               "RETURNING id, brief_id, user_id, number, title");
}

void NotificationTx::SetBriefTitle(const std::string& brief_id,
                                   const std::string& title) {
  tx_.exec_prepared("set_brief_title", brief_id, title);
}

std::string NotificationTx::BriefTitle(const std::string& brief_id) {
  pqxx::result r = tx_.exec_prepared("brief_title", brief_id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

void NotificationTx::CancelFollowups(const std::string& brief_id) {
  tx_.exec_prepared("cancel_followups", brief_id);
}

void NotificationTx::InsertFollowup(const std::string& id,
                                    const std::string& brief_id,
                                    const std::string& user, int number,
                                    const std::string& title,
                                    int64_t due_in_seconds) {
  tx_.exec_prepared("insert_followup", id, brief_id, user, number, title,
                    due_in_seconds);
}

std::vector<DueFollowup> NotificationTx::TakeDueFollowups() {
  std::vector<DueFollowup> out;
  for (const auto& row : tx_.exec_prepared("take_due_followups")) {
    DueFollowup f;
    f.id = row[0].as<std::string>();
    f.brief_id = row[1].as<std::string>();
    f.user_id = row[2].as<std::string>();
    f.number = row[3].as<int>();
    f.title = row[4].as<std::string>();
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace briefdesk::notification
