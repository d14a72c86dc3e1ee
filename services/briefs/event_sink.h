// The briefs service's EventSink: events of the review service drive the
// system actions of the workflow (start review, requeue, conclude round) and
// record which experts may see a brief. Each event is applied once.
#ifndef BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_
#define BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/briefs_service.h"

namespace briefdesk::briefs {

class BriefsEventSink final : public events::v1::EventSink::Service {
 public:
  BriefsEventSink(storage::PgPool* pool, EventRouting events)
      : pool_(pool), events_(std::move(events)) {}

  grpc::Status Deliver(grpc::ServerContext* ctx, const events::v1::Event* e,
                       events::v1::Ack* ack) override;

 private:
  storage::PgPool* pool_;
  EventRouting events_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_EVENT_SINK_H_
