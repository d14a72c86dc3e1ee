// The briefs service's EventSink, the transport of review_events.h: the
// review service's relay delivers its events here.
#ifndef BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_
#define BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "services/briefs/call_workers.h"
#include "services/briefs/review_events.h"

namespace briefdesk::briefs {

class BriefsEventSink final : public events::v1::EventSink::CallbackService {
 public:
  BriefsEventSink(ReviewEvents* events, CallWorkers* workers)
      : events_(events), workers_(workers) {}

  grpc::ServerUnaryReactor* Deliver(grpc::CallbackServerContext* ctx,
                                    const events::v1::Event* e,
                                    events::v1::Ack* ack) override;
  grpc::ServerUnaryReactor* DeliverBatch(grpc::CallbackServerContext* ctx,
                                         const events::v1::EventBatch* batch,
                                         events::v1::Ack* ack) override;

 private:
  ReviewEvents* events_;
  CallWorkers* workers_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_
