// The Briefs gRPC service, the transport of the briefs domain: one adapter
// per RPC that reads the principal and metadata, calls the domain on a call
// worker and packs its answer. The rules are in drafts.h, brief_reads.h,
// revisions.h, workflow_actions.h and publications.h.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_

#include <string>

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "libs/workflow/workflow.h"
#include "services/briefs/brief_reads.h"
#include "services/briefs/call_workers.h"
#include "services/briefs/drafts.h"
#include "services/briefs/exports.h"
#include "services/briefs/publications.h"
#include "services/briefs/revisions.h"
#include "services/briefs/workflow_actions.h"

namespace briefdesk::briefs {

class BriefsService final : public v1::Briefs::CallbackService {
 public:
  struct Domain {
    Drafts* drafts;
    BriefReads* reads;
    Revisions* revisions;
    WorkflowActions* actions;
    Publications* publications;
    Exports* exports;
  };
  BriefsService(Domain domain, CallWorkers* workers)
      : d_(domain), workers_(workers) {}

  using Ctx = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  // briefs_service.cc: the changes.
  Reactor* CreateBrief(Ctx* ctx, const v1::CreateBriefRequest* req,
                       v1::Brief* resp) override;
  Reactor* UpdateBrief(Ctx* ctx, const v1::UpdateBriefRequest* req,
                       v1::Brief* resp) override;
  Reactor* SubmitBrief(Ctx* ctx, const v1::BriefActionRequest* req,
                       v1::Brief* resp) override;
  Reactor* WithdrawBrief(Ctx* ctx, const v1::BriefActionRequest* req,
                         v1::Brief* resp) override;
  Reactor* ReopenBrief(Ctx* ctx, const v1::BriefActionRequest* req,
                       v1::Brief* resp) override;
  Reactor* PublishBrief(Ctx* ctx, const v1::BriefActionRequest* req,
                        v1::Brief* resp) override;
  Reactor* ReturnBrief(Ctx* ctx, const v1::ReturnBriefRequest* req,
                       v1::Brief* resp) override;
  Reactor* RetractBrief(Ctx* ctx, const v1::RetractBriefRequest* req,
                        v1::Brief* resp) override;

  // brief_reads_service.cc: the reads.
  Reactor* GetBrief(Ctx* ctx, const v1::GetBriefRequest* req,
                    v1::Brief* resp) override;
  Reactor* ListBriefs(Ctx* ctx, const v1::ListBriefsRequest* req,
                      v1::ListBriefsResponse* resp) override;
  Reactor* ListRevisions(Ctx* ctx, const v1::ListRevisionsRequest* req,
                         v1::ListRevisionsResponse* resp) override;
  Reactor* GetRevision(Ctx* ctx, const v1::GetRevisionRequest* req,
                       v1::Revision* resp) override;
  Reactor* GetDiff(Ctx* ctx, const v1::GetDiffRequest* req,
                   v1::Diff* resp) override;
  Reactor* GetCheck(Ctx* ctx, const v1::GetCheckRequest* req,
                    v1::CheckReport* resp) override;
  Reactor* CheckDraft(Ctx* ctx, const v1::CheckDraftRequest* req,
                      v1::CheckReport* resp) override;
  Reactor* ListHistory(Ctx* ctx, const v1::ListHistoryRequest* req,
                       v1::ListHistoryResponse* resp) override;
  Reactor* ListPublished(Ctx* ctx, const v1::ListPublishedRequest* req,
                         v1::ListPublishedResponse* resp) override;
  Reactor* GetPublished(Ctx* ctx, const v1::GetPublishedRequest* req,
                        v1::PublishedBrief* resp) override;
  Reactor* CourseBriefs(Ctx* ctx, const v1::CourseBriefsRequest* req,
                        v1::CourseBriefsResponse* resp) override;
  Reactor* GetReviewMaterial(Ctx* ctx, const v1::GetReviewMaterialRequest* req,
                             v1::ReviewMaterial* resp) override;
  // data_rights_service.cc
  Reactor* ExportBriefs(Ctx* ctx, const v1::ExportBriefsRequest* req,
                        v1::BriefsExport* resp) override;

 private:
  // A workflow action's RPC: its answer, with the effects trailer for the
  // actions that wait for the review service.
  Reactor* Act(Ctx* ctx, std::string id, workflow::Action action,
               std::string note, v1::Brief* resp);

  Domain d_;
  CallWorkers* workers_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_
