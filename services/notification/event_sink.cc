// Transport layer: the EventSink service the other services' outboxes
// deliver to, and the directory client that names the editors; what an
// event does is the domain's (event_effects.h).
#include <grpcpp/client_context.h>

#include "services/notification/event_effects.h"
#include "services/notification/notification_service.h"

namespace briefdesk::notification {

// Asked of the directory for each event that concerns editors (events are
// few): an editor named a minute ago is told like the others.
absl::StatusOr<std::vector<std::string>> NotificationEventSink::Editors() {
  std::vector<std::string> editors;
  std::string token;
  do {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    rpc::Principal self;
    self.set_user_id(rpc::kNotificationService);
    rpc::AttachPrincipal(self, &ctx);
    directory::v1::ListUsersRequest req;
    req.set_role(directory::v1::EDITOR);
    req.set_page_size(100);
    req.set_page_token(token);
    directory::v1::ListUsersResponse resp;
    grpc::Status s = directory_->ListUsers(&ctx, req, &resp);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    for (const auto& u : resp.users()) editors.push_back(u.id());
    token = resp.next_page_token();
  } while (!token.empty());
  return editors;
}

grpc::Status NotificationEventSink::Deliver(grpc::ServerContext*,
                                            const events::v1::Event* e,
                                            events::v1::Ack*) {
  return rpc::ToGrpcStatus(Apply({e}));
}

grpc::Status NotificationEventSink::DeliverBatch(
    grpc::ServerContext*, const events::v1::EventBatch* batch,
    events::v1::Ack*) {
  std::vector<const events::v1::Event*> events;
  for (const auto& e : batch->events()) events.push_back(&e);
  return rpc::ToGrpcStatus(Apply(events));
}

absl::Status NotificationEventSink::Apply(
    const std::vector<const events::v1::Event*>& events) {
  std::vector<std::string> editors;
  if (NeedEditors(events)) {
    auto found = Editors();
    if (!found.ok()) return found.status();  // retried
    editors = *std::move(found);
  }
  auto effects = ApplyEvents(pool_, config_, events, editors);
  if (!effects.ok()) return effects.status();
  if (!effects->people.empty()) hub_->Notify(effects->people);
  if (effects->deliveries) wake_webhooks_();
  if (effects->emails) wake_emails_();
  return absl::OkStatus();
}

}  // namespace briefdesk::notification
