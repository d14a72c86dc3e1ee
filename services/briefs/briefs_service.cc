#include "services/briefs/briefs_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"
#include "libs/text/text.h"

namespace briefdesk::briefs {

using workflow::Action;

BriefsService::Reactor* BriefsService::CreateBrief(
    Ctx* ctx, const v1::CreateBriefRequest* req, v1::Brief* resp) {
  return workers_->Run(ctx, [=, this] {
    v1::CreateBriefRequest in = *req;
    text::NormalizeStrings(&in);  // stored composed (NFC), whatever was sent
    return rpc::Reply(
        d_.drafts->Create(rpc::PrincipalFrom(*ctx),
                          rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), in),
        resp);
  });
}

BriefsService::Reactor* BriefsService::UpdateBrief(
    Ctx* ctx, const v1::UpdateBriefRequest* req, v1::Brief* resp) {
  return workers_->Run(ctx, [=, this] {
    v1::UpdateBriefRequest in = *req;
    text::NormalizeStrings(&in);
    return rpc::Reply(d_.drafts->Edit(rpc::PrincipalFrom(*ctx), in), resp);
  });
}

BriefsService::Reactor* BriefsService::Act(Ctx* ctx, std::string id,
                                           Action action, std::string note,
                                           v1::Brief* resp) {
  return workers_->Run(ctx, [=, this, id = std::move(id),
                             note = std::move(note)] {
    auto result = d_.actions->Act(rpc::PrincipalFrom(*ctx), id, action, note);
    if (!result.ok()) return rpc::ToGrpcStatus(result.status());
    if (result->applied) {  // rpc::SetEffects, for a callback context
      ctx->AddTrailingMetadata(rpc::kEffectsKey,
                               *result->applied ? "applied" : "pending");
    }
    *resp = std::move(result->brief);
    return grpc::Status::OK;
  });
}

BriefsService::Reactor* BriefsService::SubmitBrief(
    Ctx* ctx, const v1::BriefActionRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kSubmit, "", resp);
}

BriefsService::Reactor* BriefsService::WithdrawBrief(
    Ctx* ctx, const v1::BriefActionRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kWithdraw, "", resp);
}

BriefsService::Reactor* BriefsService::ReopenBrief(
    Ctx* ctx, const v1::BriefActionRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kReopen, "", resp);
}

BriefsService::Reactor* BriefsService::PublishBrief(
    Ctx* ctx, const v1::BriefActionRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kPublish, "", resp);
}

BriefsService::Reactor* BriefsService::ReturnBrief(
    Ctx* ctx, const v1::ReturnBriefRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kReturn, text::Nfc(req->note()), resp);
}

BriefsService::Reactor* BriefsService::RetractBrief(
    Ctx* ctx, const v1::RetractBriefRequest* req, v1::Brief* resp) {
  return Act(ctx, req->id(), Action::kRetract, text::Nfc(req->reason()), resp);
}

}  // namespace briefdesk::briefs
