#include "services/review/reviews.h"

#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pagination.h"
#include "services/review/comment_checks.h"
#include "services/review/comment_posts.h"
#include "services/review/events.h"
#include "services/review/leases.h"
#include "services/review/rounds.h"

namespace briefdesk::review {

using directory::v1::ADMIN;
using directory::v1::EDITOR;
using directory::v1::EXPERT;

absl::Status Reviews::CheckQuotesOfTask(const std::string& expert,
                                        const v1::CompleteRequest& req) {
  v1::Task task;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    auto t = tx.LoadTask(req.task_id(), false);
    if (!t.ok()) return t.status();
    task = *std::move(t);
    return CheckClaim(tx, expert, task, req.claim_token());
  });
  if (!s.ok()) return s;
  // Revisions never change: usually the sections the claim read.
  auto sections = d_.briefs->Sections(task.brief_id(), task.revision());
  if (!sections.ok()) return sections.status();
  return CheckQuotes(req.comments(), *sections);
}

absl::Status Reviews::Store(ReviewTx& tx, const std::string& expert,
                            const v1::CompleteRequest& req, v1::Review* out,
                            bool* concluded, outbox::Written* written) {
  // The round first: whether this review completes it is decided on the
  // other reviews of the round as committed.
  auto round = tx.RoundOfTask(req.task_id());
  if (!round) {
    return absl::NotFoundError("review task " + req.task_id() + " not found");
  }
  if (auto locked = tx.LockRound(*round); !locked.ok()) return locked.status();
  auto t = tx.LoadTask(req.task_id(), /*for_update=*/true);
  if (!t.ok()) return t.status();
  if (absl::Status s = CheckClaim(tx, expert, *t, req.claim_token()); !s.ok()) {
    return s;
  }
  v1::Review r;
  r.set_id(auth::NewId());
  r.set_task_id(t->id());
  r.set_brief_id(t->brief_id());
  r.set_revision(t->revision());
  r.set_round(t->round());
  r.set_decision(req.decision());
  r.set_summary(req.summary());
  *r.mutable_scores() = req.scores();
  *r.mutable_comments() = req.comments();
  r.set_reviewer_id(expert);
  tx.InsertReview(r);
  tx.MarkDone(t->id());
  outbox::Event done =
      outbox::NewEvent(events::v1::REVIEW_COMPLETED, r.brief_id(), expert);
  auto* task = done.mutable_task();
  task->set_task_id(t->id());
  task->set_round(t->round());
  task->set_revision(t->revision());
  task->set_expert_id(expert);
  outbox::SetDecision(task, req.decision());
  task->set_review_id(r.id());
  *task->mutable_scores() = req.scores();
  Publish(tx, d_, done, written);
  *concluded = ConcludeRoundIfLast(tx, d_, *t, expert, written);
  *out = tx.ReviewsOfTasks({t->id()}).at(0);
  PostReviewComments(tx, d_, *out, written);
  return absl::OkStatus();
}

absl::StatusOr<v1::Review> Reviews::Complete(const directory::v1::Principal& p,
                                             const v1::CompleteRequest& req,
                                             std::optional<bool>* applied) {
  if (absl::Status s = ValidateReview(req); !s.ok()) return s;
  if (HasQuotes(req.comments())) {
    if (absl::Status s = CheckQuotesOfTask(p.user_id(), req); !s.ok()) return s;
  }
  outbox::Written written;
  v1::Review review;
  bool concluded = false;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
    written = {};  // a retried transaction writes its rows again
    return Store(tx, p.user_id(), req, &review, &concluded, &written);
  });
  if (!s.ok()) return s;
  d_.wake();
  // A concluded round's holders are of no more use to the queue.
  if (concluded)
    (void)d_.queue->ForgetRound(RoundKey(review.brief_id(), review.round()));
  // The round's outcome is the brief's state before the answer: an editor
  // may publish at once.
  *applied = d_.await(written);
  return review;
}

absl::StatusOr<v1::ListBriefReviewsResponse> Reviews::OfBrief(
    const directory::v1::Principal& p, const v1::ListBriefReviewsRequest& req) {
  // Who may see the brief may see its reviews: the briefs service decides.
  if (absl::Status s = d_.briefs->CheckVisible(p, req.id()); !s.ok()) return s;
  bool sees_reviewers = d_.config.open_reviews || rpc::HasRole(p, EDITOR) ||
                        rpc::HasRole(p, ADMIN);
  v1::ListBriefReviewsResponse out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
    out.Clear();
    for (v1::Review& r : tx.ReviewsOfBrief(req.id())) {
      // Reviewers are anonymous to authors (and everyone but editors)
      // unless reviews are open; a reviewer sees their own name.
      if (!sees_reviewers && r.reviewer_id() != p.user_id()) {
        r.clear_reviewer_id();
      }
      *out.add_reviews() = std::move(r);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::ListMyReviewsResponse> Reviews::Mine(
    const directory::v1::Principal& p, const v1::ListMyReviewsRequest& req) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError("only experts have review tasks");
  }
  // Positions are task ids.
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  std::string state = req.state() == v1::TASK_STATE_UNSPECIFIED
                          ? ""
                          : v1::TaskState_Name(req.state());
  v1::ListMyReviewsResponse out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) {
    out.Clear();
    std::vector<v1::Task> rows =
        tx.TasksOf(p.user_id(), state, page->after(), page->fetch());
    std::optional<std::string> next =
        page->Trim(rows, [](const v1::Task& t) { return t.id(); });
    std::vector<std::string> ids;
    for (v1::Task& t : rows) {
      if (t.claimed_by() != p.user_id()) {
        t.clear_claimed_by();  // released or expired: no longer theirs
        t.clear_claim_token();
        t.clear_lease_expire_time();
      }
      ids.push_back(t.id());
      *out.add_tasks() = std::move(t);
    }
    for (v1::Review& r : tx.ReviewsOfTasks(ids)) {
      if (r.reviewer_id() == p.user_id()) *out.add_reviews() = std::move(r);
    }
    if (next) out.set_next_page_token(*next);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::review
