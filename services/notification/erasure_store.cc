// Store layer: what an erasure changes in every table of the service
// (docs/data-rights.md). The person is recorded in erased_users (nothing
// new is written for them: inbox_store.cc and email_store.cc check it);
// their notifications, webhooks with deliveries and attempts, e-mails,
// digests, preferences, follow-up reminders and stored answers are deleted;
// and their name and address are replaced in the texts made for others
// about them (course notices that name a participant: notification titles
// and bodies, webhook payloads, e-mail subjects and data, digest items).
#include <map>
#include <pqxx/pqxx>

#include "services/notification/store.h"

namespace briefdesk::notification {

void PrepareErasureStatements(pqxx::connection_base& conn) {
  conn.prepare("erase_mark",
               "INSERT INTO erased_users (user_id, erased_name) VALUES ($1, "
               "$2) ON CONFLICT DO NOTHING");
  conn.prepare("erased_among",
               "SELECT user_id, erased_name FROM erased_users WHERE user_id = "
               "ANY (string_to_array($1, ','))");
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
  // Others' texts about the person: in the rows of the events whose texts
  // name a participant (course notices), every occurrence of $1 replaced by
  // $2 in plain text, of $3 by $4 in JSON.
  constexpr char kNaming[] =
      " AND event IN ('course.followup_due', 'followup.missed', "
      "'milestone.digest', 'email.digest')";
  conn.prepare("scrub_notifications",
               std::string("UPDATE notifications SET title = replace(title, "
                           "$1, $2), body = replace(body, $1, $2) WHERE "
                           "(strpos(title, $1) > 0 OR strpos(body, $1) > 0)") +
                   kNaming);
  conn.prepare("scrub_deliveries",
               std::string("UPDATE deliveries SET payload = replace(payload, "
                           "$1, $2) WHERE strpos(payload, $1) > 0") +
                   kNaming);
  conn.prepare(
      "scrub_emails",
      std::string("UPDATE emails SET subject = replace(subject, $1, "
                  "$2), data = replace(data, $3, $4) WHERE "
                  "(strpos(subject, $1) > 0 OR strpos(data, $3) > 0)") +
          kNaming);
  conn.prepare(
      "scrub_digest_items",
      std::string("UPDATE digest_items SET subject = replace(subject, "
                  "$1, $2), data = replace(data, $3, $4) WHERE "
                  "(strpos(subject, $1) > 0 OR strpos(data, $3) > 0)") +
          kNaming);
}

void NotificationTx::ErasePerson(const std::string& user,
                                 const std::string& email,
                                 const std::string& erased_name) {
  tx_.exec_prepared("erase_mark", user, erased_name);
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
                                    const std::string& by,
                                    const std::string& json_text,
                                    const std::string& json_by) {
  tx_.exec_prepared("scrub_notifications", text, by);
  // Webhook payloads are JSON: the name as a JSON string holds it.
  tx_.exec_prepared("scrub_deliveries", json_text, json_by);
  tx_.exec_prepared("scrub_emails", text, by, json_text, json_by);
  tx_.exec_prepared("scrub_digest_items", text, by, json_text, json_by);
}

std::map<std::string, std::string> NotificationTx::ErasedAmong(
    const std::vector<std::string>& users) {
  std::string ids;
  for (const std::string& u : users) ids += (ids.empty() ? "" : ",") + u;
  std::map<std::string, std::string> out;
  for (const auto& row : tx_.exec_prepared("erased_among", ids)) {
    out[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return out;
}

}  // namespace briefdesk::notification
