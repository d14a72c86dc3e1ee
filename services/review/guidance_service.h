// The Guidance gRPC service: one adapter per RPC over the domain
// (guidance.h). Served by the review service beside Reviews.
#ifndef BRIEFDESK_SERVICES_REVIEW_GUIDANCE_SERVICE_H_
#define BRIEFDESK_SERVICES_REVIEW_GUIDANCE_SERVICE_H_

#include "briefdesk/review/v1/guidance.grpc.pb.h"
#include "services/review/guidance.h"

namespace briefdesk::review {

class GuidanceService final : public v1::Guidance::Service {
 public:
  explicit GuidanceService(ReviewDeps deps)
      : d_(std::move(deps)), guidance_(d_) {}

  grpc::Status ExportReviews(grpc::ServerContext* ctx,
                             const v1::ExportReviewsRequest* req,
                             v1::ReviewExport* resp) override;
  grpc::Status RequestFeedback(grpc::ServerContext* ctx,
                               const v1::RequestFeedbackRequest* req,
                               v1::FeedbackRequest* resp) override;
  grpc::Status ClaimFeedback(grpc::ServerContext* ctx,
                             const v1::ClaimFeedbackRequest* req,
                             v1::ClaimFeedbackResponse* resp) override;
  grpc::Status RenewFeedback(grpc::ServerContext* ctx,
                             const v1::FeedbackLeaseRequest* req,
                             v1::FeedbackRequest* resp) override;
  grpc::Status ReleaseFeedback(grpc::ServerContext* ctx,
                               const v1::FeedbackLeaseRequest* req,
                               v1::FeedbackRequest* resp) override;
  grpc::Status AnswerFeedback(grpc::ServerContext* ctx,
                              const v1::AnswerFeedbackRequest* req,
                              v1::FeedbackRequest* resp) override;
  grpc::Status CancelFeedback(grpc::ServerContext* ctx,
                              const v1::CancelFeedbackRequest* req,
                              v1::FeedbackRequest* resp) override;
  grpc::Status GetFeedback(grpc::ServerContext* ctx,
                           const v1::GetFeedbackRequest* req,
                           v1::FeedbackRequest* resp) override;
  grpc::Status ListBriefFeedback(grpc::ServerContext* ctx,
                                 const v1::ListBriefFeedbackRequest* req,
                                 v1::ListBriefFeedbackResponse* resp) override;
  grpc::Status ListMyFeedback(grpc::ServerContext* ctx,
                              const v1::ListMyFeedbackRequest* req,
                              v1::ListMyFeedbackResponse* resp) override;

 private:
  const ReviewDeps d_;
  Guidance guidance_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_GUIDANCE_SERVICE_H_
