#include "services/briefs/event_sink.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {

grpc::ServerUnaryReactor* BriefsEventSink::Deliver(
    grpc::CallbackServerContext* ctx, const events::v1::Event* e,
    events::v1::Ack*) {
  return workers_->Run(
      ctx, [=, this] { return rpc::ToGrpcStatus(events_->Apply(*e)); });
}

grpc::ServerUnaryReactor* BriefsEventSink::DeliverBatch(
    grpc::CallbackServerContext* ctx, const events::v1::EventBatch* batch,
    events::v1::Ack*) {
  return workers_->Run(ctx, [=, this] {
    std::vector<const events::v1::Event*> events;
    for (const events::v1::Event& e : batch->events()) events.push_back(&e);
    return rpc::ToGrpcStatus(events_->Apply(events));
  });
}

}  // namespace briefdesk::briefs
