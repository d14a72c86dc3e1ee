#include "services/review/guidance_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"
#include "services/review/data_rights.h"

namespace briefdesk::review {

grpc::Status GuidanceService::ExportReviews(grpc::ServerContext* ctx,
                                            const v1::ExportReviewsRequest*,
                                            v1::ReviewExport* resp) {
  return rpc::Reply(ExportFor(d_, rpc::PrincipalFrom(*ctx)), resp);
}

grpc::Status GuidanceService::RequestFeedback(
    grpc::ServerContext* ctx, const v1::RequestFeedbackRequest* req,
    v1::FeedbackRequest* resp) {
  v1::RequestFeedbackRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(
      guidance_.Request(rpc::PrincipalFrom(*ctx), in,
                        rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey)),
      resp);
}

grpc::Status GuidanceService::ClaimFeedback(grpc::ServerContext* ctx,
                                            const v1::ClaimFeedbackRequest*,
                                            v1::ClaimFeedbackResponse* resp) {
  std::optional<bool> applied;
  auto claimed = guidance_.Claim(rpc::PrincipalFrom(*ctx), &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(claimed), resp);
}

grpc::Status GuidanceService::RenewFeedback(grpc::ServerContext* ctx,
                                            const v1::FeedbackLeaseRequest* req,
                                            v1::FeedbackRequest* resp) {
  return rpc::Reply(guidance_.Renew(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status GuidanceService::ReleaseFeedback(
    grpc::ServerContext* ctx, const v1::FeedbackLeaseRequest* req,
    v1::FeedbackRequest* resp) {
  auto released = guidance_.Release(rpc::PrincipalFrom(*ctx), *req);
  if (released.ok()) released->clear_claim_token();
  return rpc::Reply(std::move(released), resp);
}

grpc::Status GuidanceService::AnswerFeedback(
    grpc::ServerContext* ctx, const v1::AnswerFeedbackRequest* req,
    v1::FeedbackRequest* resp) {
  v1::AnswerFeedbackRequest in = *req;
  text::NormalizeStrings(&in);  // as the sections its quotes must match are
  std::optional<bool> applied;
  auto answered = guidance_.Answer(rpc::PrincipalFrom(*ctx), in, &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(answered), resp);
}

grpc::Status GuidanceService::CancelFeedback(
    grpc::ServerContext* ctx, const v1::CancelFeedbackRequest* req,
    v1::FeedbackRequest* resp) {
  return rpc::Reply(guidance_.Cancel(rpc::PrincipalFrom(*ctx), req->id()),
                    resp);
}

grpc::Status GuidanceService::GetFeedback(grpc::ServerContext* ctx,
                                          const v1::GetFeedbackRequest* req,
                                          v1::FeedbackRequest* resp) {
  return rpc::Reply(guidance_.Get(rpc::PrincipalFrom(*ctx), req->id()), resp);
}

grpc::Status GuidanceService::ListBriefFeedback(
    grpc::ServerContext* ctx, const v1::ListBriefFeedbackRequest* req,
    v1::ListBriefFeedbackResponse* resp) {
  return rpc::Reply(guidance_.OfBrief(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status GuidanceService::ListMyFeedback(
    grpc::ServerContext* ctx, const v1::ListMyFeedbackRequest* req,
    v1::ListMyFeedbackResponse* resp) {
  return rpc::Reply(guidance_.Mine(rpc::PrincipalFrom(*ctx), *req), resp);
}

}  // namespace briefdesk::review
