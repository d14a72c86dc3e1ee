#include "services/review/event_sink.h"

#include "libs/rpc/rpc.h"
#include "services/review/rounds.h"

namespace briefdesk::review {

grpc::Status ReviewEventSink::Deliver(grpc::ServerContext*,
                                      const events::v1::Event* e,
                                      events::v1::Ack*) {
  return rpc::ToGrpcStatus(ApplyBriefEvents(d_, {e}));
}

grpc::Status ReviewEventSink::DeliverBatch(grpc::ServerContext*,
                                           const events::v1::EventBatch* batch,
                                           events::v1::Ack*) {
  std::vector<const events::v1::Event*> events;
  for (const auto& e : batch->events()) events.push_back(&e);
  return rpc::ToGrpcStatus(ApplyBriefEvents(d_, events));
}

}  // namespace briefdesk::review
