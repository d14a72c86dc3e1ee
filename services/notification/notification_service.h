// Transport layer of the notification service: a durable inbox per person,
// fed by the events of the briefs and review services; a live stream of it;
// webhooks, e-mail. The RPCs are short adapters over the domain: inbox.h
// (notification_service.cc), webhooks.h (webhooks_service.cc),
// preferences.h (email_service.cc), the streams
// (stream_service.cc, watch_service.cc, over open_stream.h), and
// event_effects.h (event_sink.cc). The SQL is in the store (store.h).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_

#include <functional>

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "briefdesk/events/v1/events.grpc.pb.h"
#include "briefdesk/notification/v1/notification.grpc.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"
#include "services/notification/hub.h"
#include "services/notification/notification_config.h"
#include "services/notification/open_stream.h"

namespace briefdesk::notification {

// Stream and Watch are on gRPC's callback API (stream_service.cc,
// watch_service.cc): an open stream holds no thread. The other methods are
// synchronous.
class NotificationService final
    : public v1::Notifications::WithCallbackMethod_Stream<
          v1::Notifications::WithCallbackMethod_Watch<
              v1::Notifications::Service>> {
 public:
  // Streams read through `streams` on `executor`, woken by `hub`.
  NotificationService(storage::PgPool* pool, Hub* hub, StreamSource* streams,
                      Executor executor, NotificationConfig config)
      : pool_(pool),
        hub_(hub),
        streams_(streams),
        executor_(std::move(executor)),
        config_(config) {}

  grpc::Status ListNotifications(grpc::ServerContext* ctx,
                                 const v1::ListNotificationsRequest* req,
                                 v1::ListNotificationsResponse* resp) override;
  grpc::Status MarkRead(grpc::ServerContext* ctx,
                        const v1::MarkReadRequest* req,
                        v1::Notification* resp) override;
  grpc::ServerWriteReactor<v1::StreamItem>* Stream(
      grpc::CallbackServerContext* ctx, const v1::StreamRequest* req) override;
  grpc::ServerBidiReactor<v1::WatchRequest, v1::WatchItem>* Watch(
      grpc::CallbackServerContext* ctx) override;
  grpc::Status CreateWebhook(grpc::ServerContext* ctx,
                             const v1::CreateWebhookRequest* req,
                             v1::CreateWebhookResponse* resp) override;
  grpc::Status ListWebhooks(grpc::ServerContext* ctx,
                            const v1::ListWebhooksRequest* req,
                            v1::ListWebhooksResponse* resp) override;
  grpc::Status DeleteWebhook(grpc::ServerContext* ctx,
                             const v1::DeleteWebhookRequest* req,
                             google::protobuf::Empty* resp) override;
  grpc::Status ListDeliveries(grpc::ServerContext* ctx,
                              const v1::ListDeliveriesRequest* req,
                              v1::ListDeliveriesResponse* resp) override;
  // E-mail (email_service.cc).
  grpc::Status GetPreferences(grpc::ServerContext* ctx,
                              const v1::GetPreferencesRequest* req,
                              v1::Preferences* resp) override;
  grpc::Status UpdatePreferences(grpc::ServerContext* ctx,
                                 const v1::UpdatePreferencesRequest* req,
                                 v1::Preferences* resp) override;
  grpc::Status ListEmails(grpc::ServerContext* ctx,
                          const v1::ListEmailsRequest* req,
                          v1::ListEmailsResponse* resp) override;
  grpc::Status ExportNotifications(grpc::ServerContext* ctx,
                                   const v1::ExportNotificationsRequest* req,
                                   v1::NotificationExport* resp) override;
  grpc::Status Unsubscribe(grpc::ServerContext* ctx,
                           const v1::UnsubscribeRequest* req,
                           v1::UnsubscribeResponse* resp) override;

 private:
  storage::PgPool* pool_;
  Hub* hub_;
  StreamSource* streams_;
  Executor executor_;
  NotificationConfig config_;
};

class NotificationEventSink final : public events::v1::EventSink::Service {
 public:
  NotificationEventSink(
      storage::PgPool* pool, Hub* hub,
      directory::v1::Directory::Stub* directory, NotificationConfig config,
      std::function<void()> wake_webhooks,
      std::function<void()> wake_emails = [] {})
      : pool_(pool),
        hub_(hub),
        directory_(directory),
        config_(config),
        wake_webhooks_(std::move(wake_webhooks)),
        wake_emails_(std::move(wake_emails)) {}

  grpc::Status Deliver(grpc::ServerContext* ctx, const events::v1::Event* e,
                       events::v1::Ack* ack) override;
  // The events in order, in one transaction: one commit for the batch.
  grpc::Status DeliverBatch(grpc::ServerContext* ctx,
                            const events::v1::EventBatch* batch,
                            events::v1::Ack* ack) override;

 private:
  absl::Status Apply(const std::vector<const events::v1::Event*>& events);
  absl::StatusOr<std::vector<std::string>> Editors();

  storage::PgPool* pool_;
  Hub* hub_;
  directory::v1::Directory::Stub* directory_;
  NotificationConfig config_;
  std::function<void()> wake_webhooks_;
  std::function<void()> wake_emails_;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
