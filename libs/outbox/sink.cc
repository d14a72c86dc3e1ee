#include "libs/outbox/sink.h"

#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::outbox {

absl::Status EventSinkService::ApplyAll(
    const std::vector<const events::v1::Event*>& events) {
  std::vector<AfterCommit> after;
  auto applied = pool_->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
    after.clear();  // a retried transaction applies everything again
    for (const events::v1::Event* e : events) {
      if (!FirstDelivery(tx, e->id())) continue;  // a repeat
      absl::StatusOr<AfterCommit> then = apply_(tx, *e);
      if (!then.ok()) return then.status();
      if (*then) after.push_back(std::move(*then));
    }
    return true;
  });
  if (!applied.ok()) return applied.status();
  for (const AfterCommit& f : after) f();
  return absl::OkStatus();
}

grpc::Status EventSinkService::Deliver(grpc::ServerContext*,
                                       const events::v1::Event* event,
                                       events::v1::Ack*) {
  return rpc::ToGrpcStatus(ApplyAll({event}));
}

grpc::Status EventSinkService::DeliverBatch(grpc::ServerContext*,
                                            const events::v1::EventBatch* batch,
                                            events::v1::Ack*) {
  std::vector<const events::v1::Event*> events;
  events.reserve(batch->events_size());
  for (const events::v1::Event& e : batch->events()) events.push_back(&e);
  return rpc::ToGrpcStatus(ApplyAll(events));
}

}  // namespace briefdesk::outbox
