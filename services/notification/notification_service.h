// The notification service: a durable inbox per person, fed by the events of
// the briefs and review services; a live stream of it; webhooks.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_

#include <chrono>
#include <functional>

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "briefdesk/events/v1/events.grpc.pb.h"
#include "briefdesk/notification/v1/notification.grpc.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"
#include "services/notification/hub.h"
#include "services/notification/open_stream.h"
#include "services/notification/secret_box.h"
#include "services/notification/webhook_url.h"

namespace briefdesk::notification {

struct NotificationConfig {
  std::chrono::seconds followup_interval{61 * 86400};  // about two months
  int followup_count = 6;                              // a year of them
  // Open streams: one look for other replicas' writes this often (for all
  // of them), a heartbeat this often, reads on this many threads.
  std::chrono::milliseconds stream_poll{1000};
  std::chrono::seconds heartbeat{15};
  int stream_workers = 4;
  // Webhooks: where deliveries may go, and how they are retried. With the
  // defaults a failing receiver is tried for 24 hours, at growing intervals
  // of 30 s up to 4 h, then the delivery is dead-lettered.
  AddressPolicy webhook_policy;
  std::chrono::milliseconds webhook_timeout{10000};
  std::chrono::milliseconds backoff_base{30000};
  std::chrono::milliseconds backoff_max{4 * 3600 * 1000};
  std::chrono::seconds retry_window{86400};
  int webhook_workers = 4;
  SecretBox webhook_secrets;  // seals signing secrets at rest
};

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

 private:
  storage::PgPool* pool_;
  Hub* hub_;
  StreamSource* streams_;
  Executor executor_;
  NotificationConfig config_;
};

class NotificationEventSink final : public events::v1::EventSink::Service {
 public:
  NotificationEventSink(storage::PgPool* pool, Hub* hub,
                        directory::v1::Directory::Stub* directory,
                        NotificationConfig config,
                        std::function<void()> wake_webhooks)
      : pool_(pool),
        hub_(hub),
        directory_(directory),
        config_(config),
        wake_webhooks_(std::move(wake_webhooks)) {}

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
};

void PrepareNotificationStatements(pqxx::connection& conn);

// Writes the notification for `user` (once per event) and the deliveries to
// the user's webhooks that want its event type; true when it wrote a
// delivery (the webhook sender has work). In the caller's transaction,
// which must hold the write lock (LockWrites).
bool WriteNotification(pqxx::work& tx, const std::string& user,
                       const std::string& event_id, const std::string& event,
                       const std::string& brief_id, const std::string& title,
                       const std::string& body);
// Serializes notification writes, so sequence order is commit order and a
// stream that saw sequence n never later misses an m < n.
void LockWrites(pqxx::work& tx);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
