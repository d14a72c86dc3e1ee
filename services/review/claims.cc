#include "services/review/claims.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "services/review/events.h"

namespace briefdesk::review {

using directory::v1::EXPERT;

// A claim recorded in the database, with what the answer carries.
struct Claims::Taken {
  v1::Task task;
  bool first_of_round = false;
  briefs::v1::ReviewMaterial material;
  outbox::Written written;
};

namespace {

absl::Status AtCap(int open) {
  return absl::FailedPreconditionError(
      absl::StrCat("you hold ", open,
                   " open claims, the most allowed; complete or release one "
                   "first"));
}

}  // namespace

absl::StatusOr<v1::ClaimResponse> Claims::Claim(
    const directory::v1::Principal& p, std::optional<bool>* applied) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError("only experts claim review tasks");
  }
  std::vector<std::string> topics(p.expertise().begin(), p.expertise().end());
  v1::ClaimResponse out;
  // Each round drops one entry Redis had and the database no longer queues.
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto claimed = d_.queue->Claim(p.user_id(), topics);
    if (!claimed.ok()) return claimed.status();
    if (!claimed->has_value()) return out;  // nothing eligible: 204
    auto taken = TryOne(p.user_id(), **claimed);
    if (!taken.ok()) return taken.status();
    if (!taken->has_value()) continue;
    Taken& t = **taken;
    d_.wake();
    // The brief is IN_REVIEW, and the expert may see it, before the answer.
    *applied = d_.await(t.written);
    *out.mutable_task() = std::move(t.task);
    *out.mutable_brief() = std::move(*t.material.mutable_brief());
    // The material was read before the claim started the review.
    if (t.first_of_round && **applied) {
      out.mutable_brief()->set_state(briefs::v1::IN_REVIEW);
    }
    *out.mutable_check() = std::move(*t.material.mutable_check());
    if (t.material.has_diff()) *out.mutable_diff() = t.material.diff();
    *out.mutable_threads() = std::move(*t.material.mutable_threads());
    return out;
  }
  return absl::UnavailableError("the queue is out of step; try again");
}

absl::StatusOr<std::optional<Claims::Taken>> Claims::TryOne(
    const std::string& expert, const queue::Claimed& c) {
  auto drop = [&] {  // Redis had a task the database does not queue
    (void)d_.queue->ForgetHolder(c.round, expert, c.id);
    (void)d_.queue->Remove(c.id);
  };
  auto give_back = [&](absl::Status why) -> absl::Status {
    if (absl::Status s = d_.queue->Unclaim(c, expert); !s.ok()) {
      logging::Warn("unclaim_deferred",  // reconciliation puts it back
                    {{"task_id", c.id}, {"error", std::string(s.message())}});
    }
    return why;
  };
  std::optional<ClaimContext> context;
  absl::Status read = Transact(d_.pool, [&](ReviewTx& tx) {
    context = tx.ReadClaimContext(c.id, expert);
    return absl::OkStatus();
  });
  if (!read.ok()) return give_back(read);
  if (!context || !context->queued) {
    drop();
    return std::optional<Taken>();
  }
  if (context->open_claims >= d_.config.max_open_claims) {
    return give_back(AtCap(context->open_claims));
  }
  std::optional<RoundRef> round = ParseRoundKey(c.round);
  if (!round) return give_back(absl::InternalError("bad round " + c.round));
  Taken taken;
  auto material = d_.briefs->Material(round->brief_id, context->revision,
                                      context->since_revision, expert);
  if (!material.ok()) return give_back(material.status());
  taken.material = *std::move(material);
  auto recorded = Record(expert, c, &taken);
  if (!recorded.ok()) return give_back(recorded.status());
  if (!*recorded) {
    drop();
    return std::optional<Taken>();
  }
  return std::optional<Taken>(std::move(taken));
}

// The short transaction: false when the task is no longer queued.
absl::StatusOr<bool> Claims::Record(const std::string& expert,
                                    const queue::Claimed& c, Taken* taken) {
  std::optional<RoundRef> round = ParseRoundKey(c.round);
  bool recorded = false;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    taken->written = {};  // a retried transaction writes its rows again
    tx.LockExpert(expert);
    auto in_review = tx.LockRound(*round);
    if (!in_review.ok()) return in_review.status();
    std::optional<ClaimRecord> r =
        tx.ClaimQueued(c.id, expert, auth::NewApiKey(), d_.config.lease.count(),
                       d_.config.max_open_claims);
    if (!r) {
      int open = tx.OpenClaims(expert);
      if (open >= d_.config.max_open_claims) return AtCap(open);
      recorded = false;
      return absl::OkStatus();
    }
    taken->first_of_round = !*in_review;
    if (taken->first_of_round) tx.SetInReview(*round, true);
    Announce(tx, d_, events::v1::REVIEW_CLAIMED, r->task, expert,
             taken->first_of_round, &taken->written);
    taken->task = std::move(r->task);
    recorded = true;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return recorded;
}

}  // namespace briefdesk::review
