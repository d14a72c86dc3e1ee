#include "services/review/event_sink.h"

#include "absl/strings/str_join.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/review/review_store.h"

namespace briefdesk::review {
namespace {

// What to change in Redis once the transaction committed.
struct QueueChanges {
  std::vector<queue::QueuedTask> add;
  std::vector<std::string> remove;
};

void OpenRound(pqxx::work& tx, const ReviewDeps& d, const events::v1::Event& e,
               QueueChanges* changes) {
  const auto& c = e.brief_changed();
  int round = tx.exec_params(
                    "SELECT coalesce(max(round), 0) + 1 FROM rounds "
                    "WHERE brief_id = $1",
                    e.brief_id())[0][0]
                  .as<int>();
  std::vector<std::string> authors = {c.author_id()};
  authors.insert(authors.end(), c.co_author_ids().begin(),
                 c.co_author_ids().end());
  int needed = d.config.ReviewsFor(c.topic());
  tx.exec_params(
      "INSERT INTO rounds (brief_id, round, revision, topic, author_ids, "
      "needed) VALUES ($1, $2, $3, $4, string_to_array($5, ','), $6)",
      e.brief_id(), round, c.revision(), c.topic(), absl::StrJoin(authors, ","),
      needed);
  for (int i = 0; i < needed; ++i) {
    queue::QueuedTask q;
    q.id = auth::NewId();
    q.topic = c.topic();
    q.author_ids = authors;
    q.round = RoundKey(e.brief_id(), round);
    q.position = tx.exec_params(
                       "INSERT INTO tasks (id, brief_id, round, revision, "
                       "topic, position) VALUES ($1, $2, $3, $4, $5, "
                       "nextval('queue_position')) RETURNING position",
                       q.id, e.brief_id(), round, c.revision(), c.topic())[0][0]
                     .as<int64_t>();
    changes->add.push_back(std::move(q));
  }
}

void CancelRound(pqxx::work& tx, const events::v1::Event& e,
                 QueueChanges* changes) {
  for (const auto& row : tx.exec_params(
           "UPDATE tasks SET state = 'CANCELLED', claim_token = NULL, "
           "lease_expire_time = NULL WHERE brief_id = $1 AND state IN "
           "('QUEUED', 'CLAIMED') RETURNING id",
           e.brief_id())) {
    changes->remove.push_back(row[0].as<std::string>());
  }
  tx.exec_params(
      "UPDATE rounds SET state = 'CANCELLED', in_review = false "
      "WHERE brief_id = $1 AND state = 'OPEN'",
      e.brief_id());
}

}  // namespace

grpc::Status ReviewEventSink::Deliver(grpc::ServerContext*,
                                      const events::v1::Event* e,
                                      events::v1::Ack*) {
  QueueChanges changes;
  auto applied =
      d_.pool->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        changes = {};
        if (!outbox::FirstDelivery(tx, e->id())) return false;  // a repeat
        if (e->type() == "brief.submitted") OpenRound(tx, d_, *e, &changes);
        if (e->type() == "brief.withdrawn") CancelRound(tx, *e, &changes);
        return true;
      });
  if (!applied.ok()) return rpc::ToGrpcStatus(applied.status());
  // The database has the tasks; Redis follows, or reconciliation fixes it.
  for (const auto& q : changes.add) {
    if (absl::Status s = d_.queue->Add(q); !s.ok()) {
      logging::Warn("queue_add_deferred",
                    {{"task_id", q.id}, {"error", std::string(s.message())}});
    }
  }
  for (const auto& id : changes.remove) (void)d_.queue->Remove(id);
  return grpc::Status::OK;
}

}  // namespace briefdesk::review
