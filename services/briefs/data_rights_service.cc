// Transport of data rights (erasures.h, exports.h): the directory's
// EraseUser and ExportAccount, and the briefs service's ExportBriefs.
#include "libs/rpc/rpc.h"
#include "services/briefs/briefs_service.h"
#include "services/briefs/directory_service.h"

namespace briefdesk::briefs {

DirectoryService::Reactor* DirectoryService::EraseUser(
    Ctx* ctx, const dir::EraseUserRequest* req, dir::Erasure* resp) {
  return workers_->Run(ctx, [=, this] {
    absl::StatusOr<Erased> done =
        erasures_->Erase(rpc::PrincipalFrom(*ctx), req->id());
    if (!done.ok()) return rpc::ToGrpcStatus(done.status());
    if (done->applied) {  // rpc::SetEffects, for a callback context
      ctx->AddTrailingMetadata(rpc::kEffectsKey,
                               *done->applied ? "applied" : "pending");
    }
    *resp = std::move(done->erasure);
    return grpc::Status::OK;
  });
}

DirectoryService::Reactor* DirectoryService::ExportAccount(
    Ctx* ctx, const dir::ExportAccountRequest*, dir::AccountExport* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(exports_->Account(rpc::PrincipalFrom(*ctx)), resp);
  });
}

BriefsService::Reactor* BriefsService::ExportBriefs(
    Ctx* ctx, const v1::ExportBriefsRequest*, v1::BriefsExport* resp) {
  return workers_->Run(ctx, [=, this] {
    return rpc::Reply(d_.exports->Briefs(rpc::PrincipalFrom(*ctx)), resp);
  });
}

}  // namespace briefdesk::briefs
