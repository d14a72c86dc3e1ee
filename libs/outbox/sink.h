// The receiving end of the outbox, the same in every service: the
// EventSink RPCs. Each event is applied at most once (FirstDelivery in the
// applying transaction); a batch is applied in order in one transaction, so
// a burst of events costs one commit. A service gives only what an event
// means to it (Apply) and what to do once that is committed.
#ifndef BRIEFDESK_LIBS_OUTBOX_SINK_H_
#define BRIEFDESK_LIBS_OUTBOX_SINK_H_

#include <functional>
#include <pqxx/pqxx>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/events/v1/events.grpc.pb.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::outbox {

class EventSinkService final : public events::v1::EventSink::Service {
 public:
  // Runs after the transaction committed (Redis, waking streams); may be
  // empty. It is not run when the transaction failed.
  using AfterCommit = std::function<void()>;
  // Applies one event in `tx` (only its first delivery reaches it); OK and
  // nothing to do for events the service does not act on.
  using Apply = std::function<absl::StatusOr<AfterCommit>(
      pqxx::work& tx, const events::v1::Event& event)>;

  EventSinkService(storage::PgPool* pool, Apply apply)
      : pool_(pool), apply_(std::move(apply)) {}

  grpc::Status Deliver(grpc::ServerContext* ctx, const events::v1::Event* event,
                       events::v1::Ack* ack) override;
  grpc::Status DeliverBatch(grpc::ServerContext* ctx,
                            const events::v1::EventBatch* batch,
                            events::v1::Ack* ack) override;

  // Applies `events` in order in one transaction, then their AfterCommits.
  absl::Status ApplyAll(const std::vector<const events::v1::Event*>& events);

 private:
  storage::PgPool* pool_;
  Apply apply_;
};

}  // namespace briefdesk::outbox

#endif  // BRIEFDESK_LIBS_OUTBOX_SINK_H_
