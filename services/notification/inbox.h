// Domain layer: the inbox. What a notification writes (its row, once per
// person and event, and a delivery to each of the person's webhooks that
// wants its event type), and what a person may read and mark: their own
// notifications only. Tables through the store (store.h): notifications,
// webhooks, deliveries.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_INBOX_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_INBOX_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// Writes the notification for `user` (once per event) and the deliveries to
// the user's webhooks that want its event type; true when it wrote a
// delivery (the webhook sender has work). In the caller's transaction,
// which must hold the write lock (NotificationTx::LockWrites).
bool WriteNotification(NotificationTx& tx, const std::string& user,
                       const std::string& event_id, const std::string& event,
                       const std::string& brief_id, const std::string& title,
                       const std::string& body,
                       const std::string& course_id = "");

// A page of `user`'s notifications, newest first (only the unread ones
// when the request says so).
absl::StatusOr<v1::ListNotificationsResponse> ListInbox(
    storage::PgPool* pool, const std::string& user,
    const v1::ListNotificationsRequest& req);

// Marks `user`'s notification `id` read (once: the first time stays);
// NOT_FOUND when they have no such notification.
absl::StatusOr<v1::Notification> MarkRead(storage::PgPool* pool,
                                          const std::string& user,
                                          const std::string& id);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_INBOX_H_
