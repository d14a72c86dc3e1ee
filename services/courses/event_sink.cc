#include "services/courses/event_sink.h"

#include "libs/rpc/rpc.h"
#include "services/courses/course_events.h"

namespace briefdesk::courses {

grpc::Status CoursesEventSink::Deliver(grpc::ServerContext*,
                                       const events::v1::Event* e,
                                       events::v1::Ack*) {
  return rpc::ToGrpcStatus(ApplyEvents(d_, {e}));
}

grpc::Status CoursesEventSink::DeliverBatch(grpc::ServerContext*,
                                            const events::v1::EventBatch* batch,
                                            events::v1::Ack*) {
  std::vector<const events::v1::Event*> events;
  for (const auto& e : batch->events()) events.push_back(&e);
  return rpc::ToGrpcStatus(ApplyEvents(d_, events));
}

}  // namespace briefdesk::courses
