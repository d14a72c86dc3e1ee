// Store layer: email_preferences (a row per person and kind they set) and
// email_keys (the key that signs unsubscribe links).
#include <pqxx/pqxx>

#include "services/notification/store.h"

namespace briefdesk::notification {

void PreparePreferenceStatements(pqxx::connection_base& conn) {
  conn.prepare("email_modes",
               "SELECT kind, mode FROM email_preferences WHERE user_id = $1");
  conn.prepare("set_email_mode",
               "INSERT INTO email_preferences (user_id, kind, mode, "
               "update_time) VALUES ($1, $2, $3, 'epoch'::timestamptz + "
               "$4::bigint * interval '1 microsecond') ON CONFLICT (user_id, "
               "kind) DO UPDATE SET mode = EXCLUDED.mode, update_time = "
               "EXCLUDED.update_time");
  conn.prepare("insert_email_key",
               "INSERT INTO email_keys (name, key) VALUES ($1, $2) ON "
               "CONFLICT DO NOTHING");
  conn.prepare("email_key", "SELECT key FROM email_keys WHERE name = $1");
}

std::vector<std::pair<std::string, std::string>> NotificationTx::EmailModes(
    const std::string& user) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : tx_.exec_prepared("email_modes", user)) {
    out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return out;
}

void NotificationTx::SetEmailMode(const std::string& user,
                                  const std::string& kind,
                                  const std::string& mode, Micros now) {
  tx_.exec_prepared("set_email_mode", user, kind, mode, now);
}

std::string NotificationTx::EmailKey(const std::string& name,
                                     const std::string& candidate) {
  tx_.exec_prepared("insert_email_key", name, candidate);
  return tx_.exec_prepared("email_key", name)[0][0].as<std::string>();
}

}  // namespace briefdesk::notification
