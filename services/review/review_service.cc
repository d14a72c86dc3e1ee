#include "services/review/review_service.h"

#include <algorithm>

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"

namespace briefdesk::review {

using directory::v1::ADMIN;
using directory::v1::EDITOR;

// What an expert sees of the queue: the topics they review (every topic
// when their expertise is empty), and no other expert's leases.
v1::QueueStats ForExpert(v1::QueueStats all,
                         const directory::v1::Principal& p) {
  v1::QueueStats out;
  for (v1::TopicDepth& t : *all.mutable_topics()) {
    bool mine = p.expertise().empty() ||
                std::find(p.expertise().begin(), p.expertise().end(),
                          t.topic()) != p.expertise().end();
    if (!mine) continue;
    out.set_queued(out.queued() + t.queued());
    out.set_oldest_age_seconds(
        std::max(out.oldest_age_seconds(), t.oldest_age_seconds()));
    *out.add_topics() = std::move(t);
  }
  return out;
}

absl::StatusOr<v1::QueueStats> QueueStatsFor(
    const ReviewDeps& d, const directory::v1::Principal& p) {
  bool whole = rpc::HasRole(p, EDITOR) || rpc::HasRole(p, ADMIN);
  if (!whole && !rpc::HasRole(p, directory::v1::EXPERT)) {
    return absl::PermissionDeniedError(
        "only editors and experts read the queue");
  }
  v1::QueueStats out;
  absl::Status s = Transact(d.pool, [&](ReviewTx& tx) {
    out = tx.QueueStats();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!whole) out = ForExpert(std::move(out), p);
  return out;
}

grpc::Status ReviewService::Claim(grpc::ServerContext* ctx,
                                  const v1::ClaimRequest*,
                                  v1::ClaimResponse* resp) {
  std::optional<bool> applied;
  auto claimed = claims_.Claim(rpc::PrincipalFrom(*ctx), &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(claimed), resp);
}

grpc::Status ReviewService::Renew(grpc::ServerContext* ctx,
                                  const v1::LeaseRequest* req, v1::Task* resp) {
  return rpc::Reply(leases_.Renew(rpc::PrincipalFrom(*ctx), req->task_id(),
                                  req->claim_token()),
                    resp);
}

grpc::Status ReviewService::Release(grpc::ServerContext* ctx,
                                    const v1::LeaseRequest* req,
                                    v1::Task* resp) {
  std::optional<bool> applied;
  auto task = leases_.Release(rpc::PrincipalFrom(*ctx), req->task_id(),
                              req->claim_token(), &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  if (task.ok()) task->clear_claim_token();
  return rpc::Reply(std::move(task), resp);
}

grpc::Status ReviewService::Complete(grpc::ServerContext* ctx,
                                     const v1::CompleteRequest* req,
                                     v1::Review* resp) {
  v1::CompleteRequest in = *req;
  text::NormalizeStrings(&in);  // as the sections its quotes must match are
  std::optional<bool> applied;
  auto review = reviews_.Complete(rpc::PrincipalFrom(*ctx), in, &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(review), resp);
}

grpc::Status ReviewService::ListMyReviews(grpc::ServerContext* ctx,
                                          const v1::ListMyReviewsRequest* req,
                                          v1::ListMyReviewsResponse* resp) {
  return rpc::Reply(reviews_.Mine(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status ReviewService::ListBriefReviews(
    grpc::ServerContext* ctx, const v1::ListBriefReviewsRequest* req,
    v1::ListBriefReviewsResponse* resp) {
  return rpc::Reply(reviews_.OfBrief(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status ReviewService::GetQueue(grpc::ServerContext* ctx,
                                     const v1::GetQueueRequest*,
                                     v1::QueueStats* resp) {
  return rpc::Reply(QueueStatsFor(d_, rpc::PrincipalFrom(*ctx)), resp);
}

}  // namespace briefdesk::review
