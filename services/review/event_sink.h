// The review service's EventSink: brief.submitted opens a round of tasks,
// brief.withdrawn cancels the round's open tasks (rounds.h). Each event
// applies once.
#ifndef BRIEFDESK_SERVICES_REVIEW_EVENT_SINK_H_
#define BRIEFDESK_SERVICES_REVIEW_EVENT_SINK_H_

#include "briefdesk/events/v1/events.grpc.pb.h"
#include "services/review/review_deps.h"

namespace briefdesk::review {

class ReviewEventSink final : public events::v1::EventSink::Service {
 public:
  explicit ReviewEventSink(ReviewDeps deps) : d_(std::move(deps)) {}

  grpc::Status Deliver(grpc::ServerContext* ctx, const events::v1::Event* e,
                       events::v1::Ack* ack) override;
  // The events in order, in one transaction: one commit for the batch.
  grpc::Status DeliverBatch(grpc::ServerContext* ctx,
                            const events::v1::EventBatch* batch,
                            events::v1::Ack* ack) override;

 private:
  ReviewDeps d_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_EVENT_SINK_H_
