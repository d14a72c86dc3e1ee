#include "services/review/leases.h"

#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/review/events.h"
#include "services/review/rounds.h"

namespace briefdesk::review {

absl::Status CheckClaim(ReviewTx& tx, const std::string& expert,
                        const v1::Task& task, const std::string& token) {
  if (task.claimed_by() != expert && !tx.EverHeld(task.id(), expert)) {
    return absl::PermissionDeniedError("you do not hold review task " +
                                       task.id());
  }
  if (task.state() == v1::DONE || task.state() == v1::CANCELLED) {
    return absl::FailedPreconditionError("review task " + task.id() + " is " +
                                         v1::TaskState_Name(task.state()));
  }
  bool live = task.state() == v1::CLAIMED && task.claimed_by() == expert &&
              tx.LeaseLive(task.id());
  if (!live) {
    return absl::FailedPreconditionError(
        "your lease on review task " + task.id() +
        " expired or was released; claim again");
  }
  if (token.empty() || token != task.claim_token()) {
    return absl::FailedPreconditionError(
        "the claim token is stale: it is not the one of your current claim");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Task> Leases::Renew(const directory::v1::Principal& p,
                                       const std::string& task_id,
                                       const std::string& token) {
  v1::Task out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    auto task = tx.LoadTask(task_id, true);
    if (!task.ok()) return task.status();
    if (absl::Status s = CheckClaim(tx, p.user_id(), *task, token); !s.ok()) {
      return s;
    }
    tx.RenewLease(task_id, d_.config.lease.count());
    auto renewed = tx.LoadTask(task_id, false);
    if (!renewed.ok()) return renewed.status();
    out = *std::move(renewed);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Task> Leases::Release(const directory::v1::Principal& p,
                                         const std::string& task_id,
                                         const std::string& token,
                                         std::optional<bool>* applied) {
  outbox::Written written;
  v1::Task out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    written = {};
    auto round = tx.RoundOfTask(task_id);
    if (!round)
      return absl::NotFoundError("review task " + task_id + " not found");
    auto in_review = tx.LockRound(*round);
    if (!in_review.ok()) return in_review.status();
    auto task = tx.LoadTask(task_id, true);
    if (!task.ok()) return task.status();
    if (absl::Status s = CheckClaim(tx, p.user_id(), *task, token); !s.ok()) {
      return s;
    }
    tx.ReturnToQueue(task_id);
    Announce(tx, d_, events::v1::REVIEW_RELEASED, *task, p.user_id(), false,
             &written);
    RequeueRoundIfIdle(tx, d_, *task, *in_review, &written);
    auto released = tx.LoadTask(task_id, false);
    if (!released.ok()) return released.status();
    out = *std::move(released);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  Requeue({task_id});
  d_.wake();
  *applied = d_.await(written);
  return out;
}

absl::StatusOr<int> Leases::ExpireDue() {
  std::vector<std::string> expired;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    expired.clear();
    for (const DueLease& due : tx.DueLeases(100)) {
      // Round, then task, as everywhere; the lease is checked again under
      // the locks: a renewal may have come first.
      auto in_review = tx.LockRound(due.round);
      if (!in_review.ok()) continue;
      std::optional<std::string> holder = tx.ExpireTask(due.task_id);
      if (!holder) continue;
      auto task = tx.LoadTask(due.task_id, false);
      if (!task.ok()) return task.status();
      AnnounceBySystem(tx, d_, events::v1::REVIEW_EXPIRED, *task, *holder);
      RequeueRoundIfIdle(tx, d_, *task, *in_review);
      expired.push_back(task->id());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (expired.empty()) return 0;
  Requeue(expired);
  d_.wake();
  return static_cast<int>(expired.size());
}

void Leases::Requeue(const std::vector<std::string>& task_ids) {
  for (const std::string& id : task_ids) {
    queue::QueuedTask entry;
    absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
      auto e = tx.QueueEntry(id);
      if (!e.ok()) return e.status();
      entry = *std::move(e);
      return absl::OkStatus();
    });
    if (s.ok()) s = d_.queue->Add(entry);
    if (!s.ok()) {  // reconciliation puts it back later
      logging::Warn("requeue_deferred",
                    {{"task_id", id}, {"error", std::string(s.message())}});
    }
  }
}

}  // namespace briefdesk::review
