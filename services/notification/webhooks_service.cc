// Transport layer: the webhook RPCs of NotificationService, each unpacking
// the request, calling the domain (webhooks.h) and packing the answer.
#include "services/notification/notification_service.h"
#include "services/notification/webhooks.h"

namespace briefdesk::notification {

grpc::Status NotificationService::CreateWebhook(
    grpc::ServerContext* ctx, const v1::CreateWebhookRequest* req,
    v1::CreateWebhookResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::CreateWebhook(
                        pool_, config_, p.user_id(),
                        rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), *req),
                    resp);
}

grpc::Status NotificationService::ListWebhooks(
    grpc::ServerContext* ctx, const v1::ListWebhooksRequest* req,
    v1::ListWebhooksResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::ListWebhooks(pool_, p.user_id(), *req), resp);
}

grpc::Status NotificationService::DeleteWebhook(
    grpc::ServerContext* ctx, const v1::DeleteWebhookRequest* req,
    google::protobuf::Empty*) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::ToGrpcStatus(
      notification::DeleteWebhook(pool_, p.user_id(), req->id()));
}

grpc::Status NotificationService::ListDeliveries(
    grpc::ServerContext* ctx, const v1::ListDeliveriesRequest* req,
    v1::ListDeliveriesResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(notification::ListDeliveries(pool_, p.user_id(), *req),
                    resp);
}

}  // namespace briefdesk::notification
