// The Review gRPC service: one adapter per RPC over the domain (claims.h,
// leases.h, reviews.h); PostgreSQL decides, Redis makes the claim of the
// oldest eligible task atomic, events go out through the outbox.
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_

#include "briefdesk/review/v1/review.grpc.pb.h"
#include "services/review/claims.h"
#include "services/review/leases.h"
#include "services/review/review_deps.h"
#include "services/review/reviews.h"

namespace briefdesk::review {

class ReviewService final : public v1::Reviews::Service {
 public:
  explicit ReviewService(ReviewDeps deps)
      : d_(std::move(deps)), claims_(d_), leases_(d_), reviews_(d_) {}

  grpc::Status Claim(grpc::ServerContext* ctx, const v1::ClaimRequest* req,
                     v1::ClaimResponse* resp) override;
  grpc::Status Renew(grpc::ServerContext* ctx, const v1::LeaseRequest* req,
                     v1::Task* resp) override;
  grpc::Status Release(grpc::ServerContext* ctx, const v1::LeaseRequest* req,
                       v1::Task* resp) override;
  grpc::Status Complete(grpc::ServerContext* ctx,
                        const v1::CompleteRequest* req,
                        v1::Review* resp) override;
  grpc::Status ListMyReviews(grpc::ServerContext* ctx,
                             const v1::ListMyReviewsRequest* req,
                             v1::ListMyReviewsResponse* resp) override;
  grpc::Status ListBriefReviews(grpc::ServerContext* ctx,
                                const v1::ListBriefReviewsRequest* req,
                                v1::ListBriefReviewsResponse* resp) override;
  grpc::Status GetQueue(grpc::ServerContext* ctx,
                        const v1::GetQueueRequest* req,
                        v1::QueueStats* resp) override;

 private:
  const ReviewDeps d_;
  Claims claims_;
  Leases leases_;
  class Reviews reviews_;
};

// The queue's figures for editors (GetQueue).
absl::StatusOr<v1::QueueStats> QueueStatsFor(const ReviewDeps& d,
                                             const directory::v1::Principal& p);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEW_SERVICE_H_
