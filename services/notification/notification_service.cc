// Transport layer: the inbox RPCs of NotificationService, each unpacking
// the request, calling the domain (inbox.h) and packing the answer.
#include "services/notification/notification_service.h"

#include "services/notification/inbox.h"

namespace briefdesk::notification {

grpc::Status NotificationService::ListNotifications(
    grpc::ServerContext* ctx, const v1::ListNotificationsRequest* req,
    v1::ListNotificationsResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(ListInbox(pool_, p.user_id(), *req), resp);
}

grpc::Status NotificationService::MarkRead(grpc::ServerContext* ctx,
                                           const v1::MarkReadRequest* req,
                                           v1::Notification* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::MarkRead(pool_, p.user_id(), req->id()),
                    resp);
}

}  // namespace briefdesk::notification
