#include "services/review/rounds.h"

#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/review/events.h"

namespace briefdesk::review {

void OpenRound(ReviewTx& tx, const ReviewDeps& d, const events::v1::Event& e,
               QueueChanges* changes) {
  const auto& c = e.brief_changed();
  RoundRef round{e.brief_id(), tx.NextRound(e.brief_id())};
  std::vector<std::string> authors = {c.author_id()};
  authors.insert(authors.end(), c.co_author_ids().begin(),
                 c.co_author_ids().end());
  int needed = d.config.ReviewsFor(c.topic());
  tx.InsertRound(round, c.revision(), c.topic(), authors, needed);
  for (int i = 0; i < needed; ++i) {
    queue::QueuedTask q;
    q.id = tx.InsertTask(auth::NewId(), round, c.revision(), c.topic(),
                         &q.position);
    q.topic = c.topic();
    q.author_ids = authors;
    q.round = RoundKey(round.brief_id, round.round);
    changes->add.push_back(std::move(q));
  }
}

void CancelRounds(ReviewTx& tx, const events::v1::Event& e,
                  QueueChanges* changes) {
  for (auto& id : tx.CancelOpenTasks(e.brief_id()))
    changes->remove.push_back(std::move(id));
  for (auto& r : tx.CancelRounds(e.brief_id()))
    changes->forget_rounds.push_back(std::move(r));
}

void RequeueRoundIfIdle(ReviewTx& tx, const ReviewDeps& d, const v1::Task& t,
                        bool in_review, outbox::Written* written) {
  RoundRef round{t.brief_id(), t.round()};
  if (!in_review || !tx.RoundIdle(round)) return;
  tx.SetInReview(round, false);
  AnnounceBySystem(tx, d, events::v1::REVIEW_ROUND_REQUEUED, t, "", written);
}

bool ConcludeRoundIfLast(ReviewTx& tx, const ReviewDeps& d, const v1::Task& t,
                         const std::string& actor, outbox::Written* written) {
  RoundRef round{t.brief_id(), t.round()};
  if (tx.TasksLeft(round) > 0) return false;
  tx.CompleteRound(round);
  outbox::Event e =
      outbox::NewEvent(events::v1::REVIEW_ROUND_COMPLETED, t.brief_id(), actor);
  auto* rc = e.mutable_round_completed();
  rc->set_round(t.round());
  rc->set_revision(t.revision());
  for (const auto& [decision, reviewer] : tx.RoundDecisions(round)) {
    outbox::AddDecision(rc, decision);
    rc->add_reviewer_ids(reviewer);
  }
  Publish(tx, d, e, written);
  return true;
}

absl::Status ApplyBriefEvents(
    const ReviewDeps& d, const std::vector<const events::v1::Event*>& events) {
  // The other brief.* events change nothing here: acknowledged without a
  // transaction (a repeat of one is as harmless as the first).
  std::vector<const events::v1::Event*> relevant;
  for (const auto* e : events) {
    events::v1::EventType type = outbox::TypeOf(*e);
    if (type == events::v1::BRIEF_SUBMITTED ||
        type == events::v1::BRIEF_WITHDRAWN) {
      relevant.push_back(e);
    }
  }
  if (relevant.empty()) return absl::OkStatus();
  QueueChanges changes;
  absl::Status applied = Transact(d.pool, [&](ReviewTx& tx) {
    changes = {};
    for (const auto* e : relevant) {
      if (!tx.FirstDelivery(e->id())) continue;  // a repeat
      events::v1::EventType type = outbox::TypeOf(*e);
      if (type == events::v1::BRIEF_SUBMITTED) OpenRound(tx, d, *e, &changes);
      if (type == events::v1::BRIEF_WITHDRAWN) CancelRounds(tx, *e, &changes);
    }
    return absl::OkStatus();
  });
  if (!applied.ok()) return applied;
  // The database has the tasks; Redis follows, or reconciliation fixes it.
  for (const auto& q : changes.add) {
    if (absl::Status s = d.queue->Add(q); !s.ok()) {
      logging::Warn("queue_add_deferred",
                    {{"task_id", q.id}, {"error", std::string(s.message())}});
    }
  }
  for (const auto& id : changes.remove) (void)d.queue->Remove(id);
  for (const auto& r : changes.forget_rounds) (void)d.queue->ForgetRound(r);
  return absl::OkStatus();
}

}  // namespace briefdesk::review
