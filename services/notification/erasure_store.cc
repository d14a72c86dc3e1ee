// Store layer: what an erasure changes in every table of the service
// (docs/data-rights.md). The person is recorded in erased_users (nothing
// new is written for them: inbox_store.cc and email_store.cc check it);
// their notifications, webhooks with deliveries and attempts, e-mails,
// digests, preferences, follow-up reminders and stored answers are deleted;
// and their name and address are replaced in the texts made for others
// (notification titles and bodies, webhook payloads, e-mail subjects and
// data, digest items).
#include <pqxx/pqxx>

#include "services/notification/store.h"

namespace briefdesk::notification {

void PrepareErasureStatements(pqxx::connection_base& conn) {
  conn.prepare("erase_mark",
               "INSERT INTO erased_users (user_id) VALUES ($1) "
               "ON CONFLICT DO NOTHING");
  conn.prepare("erase_attempts",
               "DELETE FROM attempts WHERE delivery_id IN (SELECT d.id FROM "
               "deliveries d JOIN webhooks w ON w.id = d.webhook_id "
               "WHERE w.user_id = $1)");
  conn.prepare("erase_deliveries",
               "DELETE FROM deliveries WHERE webhook_id IN "
               "(SELECT id FROM webhooks WHERE user_id = $1)");
  conn.prepare("erase_webhooks", "DELETE FROM webhooks WHERE user_id = $1");
  conn.prepare("erase_notifications",
               "DELETE FROM notifications WHERE user_id = $1");
  // E-mails to the person, by account or by address (an invitation's).
  constexpr char kTheirEmails[] =
      "SELECT id FROM emails WHERE user_id = $1 OR ($2 <> '' AND "
      "lower(to_email) = lower($2))";
  conn.prepare("erase_email_attempts",
               std::string("DELETE FROM email_attempts WHERE email_id IN (") +
                   kTheirEmails + ")");
  conn.prepare("erase_digests", "DELETE FROM digests WHERE user_id = $1");
  conn.prepare("erase_emails", std::string("DELETE FROM emails WHERE id IN (") +
                                   kTheirEmails + ")");
  conn.prepare("erase_digest_items",
               "DELETE FROM digest_items WHERE user_id = $1");
  conn.prepare("erase_preferences",
               "DELETE FROM email_preferences WHERE user_id = $1");
  conn.prepare("erase_followups", "DELETE FROM followups WHERE user_id = $1");
  conn.prepare("erase_answers",
               "DELETE FROM idempotency_keys WHERE user_id = $1");
  // Others' texts: every occurrence of $1 replaced by $2.
  conn.prepare("scrub_notifications",
               "UPDATE notifications SET title = replace(title, $1, $2), "
               "body = replace(body, $1, $2) WHERE strpos(title, $1) > 0 OR "
               "strpos(body, $1) > 0");
  conn.prepare("scrub_deliveries",
               "UPDATE deliveries SET payload = replace(payload, $1, $2) "
               "WHERE strpos(payload, $1) > 0");
  conn.prepare("scrub_emails",
               "UPDATE emails SET subject = replace(subject, $1, $2), "
               "data = replace(data, $1, $2) WHERE strpos(subject, $1) > 0 "
               "OR strpos(data, $1) > 0");
  conn.prepare("scrub_digest_items",
               "UPDATE digest_items SET subject = replace(subject, $1, $2), "
               "data = replace(data, $1, $2) WHERE strpos(subject, $1) > 0 "
               "OR strpos(data, $1) > 0");
}

void NotificationTx::ErasePerson(const std::string& user,
                                 const std::string& email) {
  tx_.exec_prepared("erase_mark", user);
  for (const char* statement :
       {"erase_attempts", "erase_deliveries", "erase_webhooks",
        "erase_notifications", "erase_digest_items", "erase_preferences",
        "erase_followups", "erase_answers"}) {
    tx_.exec_prepared(statement, user);
  }
  tx_.exec_prepared("erase_email_attempts", user, email);
  tx_.exec_prepared("erase_emails", user, email);
  tx_.exec_prepared("erase_digests", user);
}

void NotificationTx::ReplaceInTexts(const std::string& text,
                                    const std::string& by) {
  for (const char* statement : {"scrub_notifications", "scrub_deliveries",
                                "scrub_emails", "scrub_digest_items"}) {
    tx_.exec_prepared(statement, text, by);
  }
}

}  // namespace briefdesk::notification
