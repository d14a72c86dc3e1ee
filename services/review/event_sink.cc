#include "services/review/event_sink.h"

#include "libs/rpc/rpc.h"
#include "services/review/rounds.h"

namespace briefdesk::review {

grpc::Status ReviewEventSink::Deliver(grpc::ServerContext*,
                                      const events::v1::Event* e,
                                      events::v1::Ack*) {
  return rpc::ToGrpcStatus(ApplyBriefEvent(d_, *e));
}

}  // namespace briefdesk::review
