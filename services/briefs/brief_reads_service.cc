// The Briefs RPCs that read: briefs, their revisions, diffs, checks and
// history, the review material the review service asks for, and published
// briefs.
#include "libs/rpc/rpc.h"
#include "services/briefs/briefs_service.h"

namespace briefdesk::briefs {

BriefsService::Reactor* BriefsService::GetBrief(Ctx* ctx,
                                                const v1::GetBriefRequest* req,
                                                v1::Brief* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.reads->Get(rpc::PrincipalFrom(*ctx), req->id()), resp);
  });
}

BriefsService::Reactor* BriefsService::ListBriefs(
    Ctx* ctx, const v1::ListBriefsRequest* req, v1::ListBriefsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.reads->List(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::CourseBriefs(
    Ctx* ctx, const v1::CourseBriefsRequest* req,
    v1::CourseBriefsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.reads->CourseBriefs(rpc::PrincipalFrom(*ctx), *req),
                      resp);
  });
}

BriefsService::Reactor* BriefsService::ListHistory(
    Ctx* ctx, const v1::ListHistoryRequest* req,
    v1::ListHistoryResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.reads->History(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::ListRevisions(
    Ctx* ctx, const v1::ListRevisionsRequest* req,
    v1::ListRevisionsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.revisions->List(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::GetRevision(
    Ctx* ctx, const v1::GetRevisionRequest* req, v1::Revision* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.revisions->Get(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::GetDiff(Ctx* ctx,
                                               const v1::GetDiffRequest* req,
                                               v1::Diff* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.revisions->Diff(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::GetCheck(Ctx* ctx,
                                                const v1::GetCheckRequest* req,
                                                v1::CheckReport* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.revisions->Check(rpc::PrincipalFrom(*ctx), *req),
                      resp);
  });
}

BriefsService::Reactor* BriefsService::CheckDraft(
    Ctx* ctx, const v1::CheckDraftRequest* req, v1::CheckReport* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.revisions->CheckDraft(rpc::PrincipalFrom(*ctx), *req),
                      resp);
  });
}

BriefsService::Reactor* BriefsService::GetReviewMaterial(
    Ctx* ctx, const v1::GetReviewMaterialRequest* req,
    v1::ReviewMaterial* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(
        d_.revisions->ReviewMaterial(rpc::PrincipalFrom(*ctx), *req), resp);
  });
}

BriefsService::Reactor* BriefsService::ListPublished(
    Ctx* ctx, const v1::ListPublishedRequest* req,
    v1::ListPublishedResponse* resp) {
  return workers_->Run(
      ctx, [=, this] { return rpc::Reply(d_.publications->List(*req), resp); });
}

BriefsService::Reactor* BriefsService::GetPublished(
    Ctx* ctx, const v1::GetPublishedRequest* req, v1::PublishedBrief* resp) {
  return workers_->Run(
      ctx, [=, this] { return rpc::Reply(d_.publications->Get(*req), resp); });
}

}  // namespace briefdesk::briefs
