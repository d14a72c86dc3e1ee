// Transport layer: the e-mail RPCs of NotificationService (preferences,
// the one-click unsubscribe, the delivery log), each unpacking the request,
// calling the domain (preferences.h) and packing the answer; and the
// caller's part of the export (data_rights.h).
#include "services/notification/data_rights.h"
#include "services/notification/notification_service.h"
#include "services/notification/preferences.h"

namespace briefdesk::notification {

grpc::Status NotificationService::GetPreferences(
    grpc::ServerContext* ctx, const v1::GetPreferencesRequest*,
    v1::Preferences* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::GetPreferences(pool_, p.user_id()), resp);
}

grpc::Status NotificationService::UpdatePreferences(
    grpc::ServerContext* ctx, const v1::UpdatePreferencesRequest* req,
    v1::Preferences* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::UpdatePreferences(pool_, p.user_id(), *req),
                    resp);
}

grpc::Status NotificationService::ListEmails(grpc::ServerContext* ctx,
                                             const v1::ListEmailsRequest* req,
                                             v1::ListEmailsResponse* resp) {
  return rpc::Reply(
      notification::ListEmails(pool_, rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status NotificationService::ExportNotifications(
    grpc::ServerContext* ctx, const v1::ExportNotificationsRequest*,
    v1::NotificationExport* resp) {
  return rpc::Reply(ExportFor(pool_, rpc::PrincipalFrom(*ctx)), resp);
}

// Public: the token is the only credential.
grpc::Status NotificationService::Unsubscribe(grpc::ServerContext*,
                                              const v1::UnsubscribeRequest* req,
                                              v1::UnsubscribeResponse* resp) {
  return rpc::Reply(
      notification::Unsubscribe(pool_, config_.email, req->token()), resp);
}

}  // namespace briefdesk::notification
