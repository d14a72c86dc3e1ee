// Store layer, the notifications table: how a row of the notifications table
// reads as a Notification message: the one column list every statement that
// returns notifications uses.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_ROWS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_ROWS_H_

#include <pqxx/pqxx>

#include "briefdesk/notification/v1/notification.pb.h"

namespace briefdesk::notification {

// The columns ReadNotification reads, in its order ("seq, id, ...").
extern const char kNotificationFields[];
// The same followed by "FROM notifications ".
extern const char kNotificationColumns[];

v1::Notification ReadNotification(const pqxx::row& row);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_ROWS_H_
