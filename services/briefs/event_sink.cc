#include "services/briefs/event_sink.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {

grpc::ServerUnaryReactor* BriefsEventSink::Deliver(
    grpc::CallbackServerContext* ctx, const events::v1::Event* e,
    events::v1::Ack*) {
  return workers_->Run(
      ctx, [=, this] { return rpc::ToGrpcStatus(events_->Apply(*e)); });
}

}  // namespace briefdesk::briefs
