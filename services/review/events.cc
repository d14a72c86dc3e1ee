#include "services/review/events.h"

#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::review {
namespace {

void Write(ReviewTx& tx, const ReviewDeps& d, events::v1::EventType type,
           const v1::Task& t, const std::string& expert,
           const std::string& actor, bool first_of_round,
           outbox::Written* written) {
  outbox::Event e = outbox::NewEvent(type, t.brief_id(), actor);
  auto* task = e.mutable_task();
  task->set_task_id(t.id());
  task->set_round(t.round());
  task->set_revision(t.revision());
  task->set_expert_id(expert);
  task->set_first_of_round(first_of_round);
  if (t.has_lease_expire_time()) {
    *task->mutable_lease_expire_time() = t.lease_expire_time();
  }
  task->set_topic(t.topic());
  Publish(tx, d, e, written);
}

}  // namespace

void Publish(ReviewTx& tx, const ReviewDeps& d, const events::v1::Event& e,
             outbox::Written* written) {
  // Enqueue keeps the destinations that act on it (outbox/subscriptions.h).
  tx.Enqueue(e, d.destinations, written);
}

void Announce(ReviewTx& tx, const ReviewDeps& d, events::v1::EventType type,
              const v1::Task& t, const std::string& expert, bool first_of_round,
              outbox::Written* written) {
  Write(tx, d, type, t, expert, expert, first_of_round, written);
}

void AnnounceBySystem(ReviewTx& tx, const ReviewDeps& d,
                      events::v1::EventType type, const v1::Task& t,
                      const std::string& expert, outbox::Written* written) {
  Write(tx, d, type, t, expert, rpc::kReviewService, false, written);
}

}  // namespace briefdesk::review
