// Guidance: the lease on a claimed request, cancelling a request, and
// reading requests (guidance.h).
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pagination.h"
#include "services/review/guidance.h"

namespace briefdesk::review {
namespace {

using directory::v1::EXPERT;

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Experts who may answer it, or did, see a request without seeing the
// brief otherwise.
bool AnswersIt(const FeedbackRow& row, const std::string& user) {
  const v1::FeedbackRequest& r = row.request;
  return r.mentor_id() == user || r.claimed_by() == user ||
         r.expert_id() == user || Contains(row.expert_ids, user);
}

}  // namespace

v1::FeedbackRequest AsSeenBy(v1::FeedbackRequest r, const std::string& user) {
  if (r.claimed_by() != user) r.clear_claim_token();
  return r;
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Renew(
    const directory::v1::Principal& p, const v1::FeedbackLeaseRequest& req) {
  v1::FeedbackRequest out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    int64_t now = NowMicros();
    auto row = Held(tx, p.user_id(), req.id(), req.claim_token(), now);
    if (!row.ok()) return row.status();
    tx.RenewFeedback(
        req.id(), now + std::chrono::duration_cast<std::chrono::microseconds>(
                            d_.config.feedback_lease)
                            .count());
    auto renewed = tx.LoadFeedback(req.id(), now, false);
    if (!renewed.ok()) return renewed.status();
    out = renewed->request;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Release(
    const directory::v1::Principal& p, const v1::FeedbackLeaseRequest& req) {
  v1::FeedbackRequest out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    int64_t now = NowMicros();
    auto row = Held(tx, p.user_id(), req.id(), req.claim_token(), now);
    if (!row.ok()) return row.status();
    tx.ReleaseFeedback(req.id(), now);
    auto released = tx.LoadFeedback(req.id(), now, false);
    if (!released.ok()) return released.status();
    out = released->request;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Cancel(
    const directory::v1::Principal& p, const std::string& id) {
  v1::FeedbackRequest out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    int64_t now = NowMicros();
    auto row = tx.LoadFeedback(id, now, /*for_update=*/true);
    if (!row.ok()) return row.status();
    if (!Contains(row->author_ids, p.user_id())) {
      if (AnswersIt(*row, p.user_id())) {
        return absl::PermissionDeniedError(
            "only the brief's authors cancel a request for feedback");
      }
      return absl::NotFoundError("feedback request " + id + " not found");
    }
    auto state = row->request.state();
    if (state == v1::FeedbackRequest::ANSWERED) {
      return absl::FailedPreconditionError(
          "this request for feedback was answered already");
    }
    if (state != v1::FeedbackRequest::CANCELLED) tx.CancelFeedback(id, now);
    auto cancelled = tx.LoadFeedback(id, now, false);
    if (!cancelled.ok()) return cancelled.status();
    out = cancelled->request;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return AsSeenBy(std::move(out), p.user_id());
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Get(
    const directory::v1::Principal& p, const std::string& id) {
  std::optional<FeedbackRow> row;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    auto loaded = tx.LoadFeedback(id, NowMicros(), false);
    if (!loaded.ok()) return loaded.status();
    row = *std::move(loaded);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!AnswersIt(*row, p.user_id())) {
    // Who may see the brief may see its requests: the briefs service says.
    absl::Status visible = d_.briefs->CheckVisible(p, row->request.brief_id());
    if (!visible.ok()) {
      return absl::NotFoundError("feedback request " + id + " not found");
    }
  }
  return AsSeenBy(std::move(row->request), p.user_id());
}

absl::StatusOr<v1::ListBriefFeedbackResponse> Guidance::OfBrief(
    const directory::v1::Principal& p,
    const v1::ListBriefFeedbackRequest& req) {
  if (absl::Status s = d_.briefs->CheckVisible(p, req.id()); !s.ok()) return s;
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  v1::ListBriefFeedbackResponse out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    out.Clear();
    std::vector<FeedbackRow> rows =
        tx.FeedbackOf(ReviewTx::FeedbackOwner::kBrief, req.id(), page->after(),
                      page->fetch(), NowMicros());
    auto next =
        page->Trim(rows, [](const FeedbackRow& r) { return r.request.id(); });
    for (FeedbackRow& r : rows) {
      *out.add_requests() = AsSeenBy(std::move(r.request), p.user_id());
    }
    if (next) out.set_next_page_token(*next);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::ListMyFeedbackResponse> Guidance::Mine(
    const directory::v1::Principal& p, const v1::ListMyFeedbackRequest& req) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError(
        "only experts answer requests for "
        "feedback");
  }
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  v1::ListMyFeedbackResponse out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    out.Clear();
    int64_t now = NowMicros();
    std::vector<FeedbackRow> rows =
        tx.FeedbackOf(ReviewTx::FeedbackOwner::kExpert, p.user_id(),
                      page->after(), page->fetch(), now);
    auto next =
        page->Trim(rows, [](const FeedbackRow& r) { return r.request.id(); });
    for (FeedbackRow& r : rows) {
      *out.add_requests() = AsSeenBy(std::move(r.request), p.user_id());
    }
    out.set_open(tx.ClaimableFeedback(p.user_id(), now));
    if (next) out.set_next_page_token(*next);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::review
