// Store layer: the prepare hook of the pool, the unit of work (Transact),
// and the libraries' tables a NotificationTx reaches: idempotent answers
// (libs/storage) and processed events (libs/outbox).
#include "services/notification/store.h"

#include <pqxx/pqxx>

#include "libs/outbox/outbox.h"
#include "libs/storage/idempotency.h"
#include "libs/storage/pg_pool.h"
#include "libs/storage/transact.h"
#include "services/notification/stream_store.h"

namespace briefdesk::notification {

void PrepareNotificationStatements(pqxx::connection_base& conn) {
  PrepareStreamStatements(conn);
  PrepareInboxStatements(conn);
  PrepareWebhookStatements(conn);
  PrepareFollowupStatements(conn);
  PrepareEmailStatements(conn);
  PreparePreferenceStatements(conn);
  PrepareErasureStatements(conn);
}

// Transact makes every NotificationTx of a pqxx::work.
absl::StatusOr<std::optional<std::string>> NotificationTx::FindAnswer(
    const storage::IdempotencyScope& scope) {
  return storage::FindAnswer(static_cast<pqxx::work&>(tx_), scope);
}

void NotificationTx::SaveAnswer(const storage::IdempotencyScope& scope,
                                const std::string& answer) {
  storage::SaveAnswer(static_cast<pqxx::work&>(tx_), scope, answer);
}

bool NotificationTx::FirstDelivery(const std::string& event_id) {
  return outbox::FirstDelivery(static_cast<pqxx::work&>(tx_), event_id);
}

absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(NotificationTx&)>& fn) {
  return storage::Transact<NotificationTx>(pool, fn);
}

}  // namespace briefdesk::notification
