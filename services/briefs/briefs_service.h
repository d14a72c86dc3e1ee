// The Briefs gRPC service: authorization on the principal the gateway passes,
// validation, the workflow, revisions and their ETags.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pg_pool.h"
#include "libs/workflow/workflow.h"
#include "services/briefs/brief_check.h"

namespace briefdesk::briefs {

// Where the events of brief transitions go: the outbox destinations (the
// subscribed services), a hook that wakes their relays after a commit, and
// one that waits until the services that act on a change (review, for a
// submission or withdrawal) have applied it: false when one could not be
// reached in time (libs/outbox: read your writes).
struct EventRouting {
  std::vector<std::string> destinations;
  std::function<void()> wake = [] {};
  std::function<bool(const outbox::Written&)> await =
      [](const outbox::Written&) { return true; };
};

class BriefsService final : public v1::Briefs::Service {
 public:
  BriefsService(storage::PgPool* pool, CheckThresholds thresholds,
                EventRouting events = {})
      : pool_(pool), thresholds_(thresholds), events_(std::move(events)) {}

  grpc::Status CreateBrief(grpc::ServerContext* ctx,
                           const v1::CreateBriefRequest* req,
                           v1::Brief* resp) override;
  grpc::Status ListBriefs(grpc::ServerContext* ctx,
                          const v1::ListBriefsRequest* req,
                          v1::ListBriefsResponse* resp) override;
  grpc::Status GetBrief(grpc::ServerContext* ctx,
                        const v1::GetBriefRequest* req,
                        v1::Brief* resp) override;
  grpc::Status UpdateBrief(grpc::ServerContext* ctx,
                           const v1::UpdateBriefRequest* req,
                           v1::Brief* resp) override;
  grpc::Status ListRevisions(grpc::ServerContext* ctx,
                             const v1::ListRevisionsRequest* req,
                             v1::ListRevisionsResponse* resp) override;
  grpc::Status GetRevision(grpc::ServerContext* ctx,
                           const v1::GetRevisionRequest* req,
                           v1::Revision* resp) override;
  grpc::Status GetDiff(grpc::ServerContext* ctx, const v1::GetDiffRequest* req,
                       v1::Diff* resp) override;
  grpc::Status GetCheck(grpc::ServerContext* ctx,
                        const v1::GetCheckRequest* req,
                        v1::CheckReport* resp) override;
  grpc::Status ListHistory(grpc::ServerContext* ctx,
                           const v1::ListHistoryRequest* req,
                           v1::ListHistoryResponse* resp) override;
  grpc::Status SubmitBrief(grpc::ServerContext* ctx,
                           const v1::BriefActionRequest* req,
                           v1::Brief* resp) override;
  grpc::Status WithdrawBrief(grpc::ServerContext* ctx,
                             const v1::BriefActionRequest* req,
                             v1::Brief* resp) override;
  grpc::Status ReopenBrief(grpc::ServerContext* ctx,
                           const v1::BriefActionRequest* req,
                           v1::Brief* resp) override;
  grpc::Status PublishBrief(grpc::ServerContext* ctx,
                            const v1::BriefActionRequest* req,
                            v1::Brief* resp) override;
  grpc::Status ReturnBrief(grpc::ServerContext* ctx,
                           const v1::ReturnBriefRequest* req,
                           v1::Brief* resp) override;
  grpc::Status RetractBrief(grpc::ServerContext* ctx,
                            const v1::RetractBriefRequest* req,
                            v1::Brief* resp) override;
  grpc::Status ListPublished(grpc::ServerContext* ctx,
                             const v1::ListPublishedRequest* req,
                             v1::ListPublishedResponse* resp) override;
  grpc::Status GetPublished(grpc::ServerContext* ctx,
                            const v1::GetPublishedRequest* req,
                            v1::PublishedBrief* resp) override;
  grpc::Status GetReviewMaterial(grpc::ServerContext* ctx,
                                 const v1::GetReviewMaterialRequest* req,
                                 v1::ReviewMaterial* resp) override;

 private:
  absl::StatusOr<v1::Brief> Create(const rpc::Principal& p,
                                   const std::string& idempotency_key,
                                   const v1::CreateBriefRequest& req);
  absl::StatusOr<v1::Brief> Update(const rpc::Principal& p,
                                   const v1::UpdateBriefRequest& req);
  absl::StatusOr<v1::ListBriefsResponse> List(const rpc::Principal& p,
                                              const v1::ListBriefsRequest& req);
  // Loads a brief the principal may see (NOT_FOUND otherwise) and hands it
  // to `fn` inside one read transaction.
  template <typename T>
  absl::StatusOr<T> WithVisibleBrief(
      const rpc::Principal& p, const std::string& id,
      const std::function<absl::StatusOr<T>(pqxx::work&, const v1::Brief&)>&
          fn);
  // A workflow action that changes only the state (submit, withdraw, ...).
  // Submit and withdraw return once the review service applied them, and
  // set `*applied` to whether it had (false: it could not be reached in
  // time; the outbox delivers it later).
  absl::StatusOr<v1::Brief> Act(const rpc::Principal& p, const std::string& id,
                                workflow::Action action,
                                const std::string& note,
                                std::optional<bool>* applied = nullptr);
  // An action's RPC: Act, and its answer with the effects trailer.
  grpc::Status ActRpc(grpc::ServerContext* ctx, const std::string& id,
                      workflow::Action action, const std::string& note,
                      v1::Brief* resp);

  storage::PgPool* pool_;
  CheckThresholds thresholds_;
  EventRouting events_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEFS_SERVICE_H_
