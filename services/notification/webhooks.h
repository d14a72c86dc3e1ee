// Domain layer: webhook registration and the record of deliveries. Who may
// do what: each person registers, lists and removes their own webhooks and
// reads only their deliveries; a URL must parse and resolve to allowed
// addresses (webhook_url.h), and a webhook names known events. Tables
// through the store (store.h): webhooks, deliveries, attempts, and the
// idempotent answers of CreateWebhook.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOKS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// Registers a webhook of `user` with a new signing secret, shown in this
// answer only; a repeat under the same `idempotency_key` answers as the
// first did, without the secret.
absl::StatusOr<v1::CreateWebhookResponse> CreateWebhook(
    storage::PgPool* pool, const NotificationConfig& config,
    const std::string& user, const std::string& idempotency_key,
    const v1::CreateWebhookRequest& req);

// A page of `user`'s live webhooks, in id order.
absl::StatusOr<v1::ListWebhooksResponse> ListWebhooks(
    storage::PgPool* pool, const std::string& user,
    const v1::ListWebhooksRequest& req);

// Removes `user`'s webhook `id`, dropping its pending deliveries;
// NOT_FOUND when they have no such live webhook.
absl::Status DeleteWebhook(storage::PgPool* pool, const std::string& user,
                           const std::string& id);

// A page of the delivery attempts of `user`'s webhook, oldest first;
// NOT_FOUND when the webhook is not theirs.
absl::StatusOr<v1::ListDeliveriesResponse> ListDeliveries(
    storage::PgPool* pool, const std::string& user,
    const v1::ListDeliveriesRequest& req);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOKS_H_
