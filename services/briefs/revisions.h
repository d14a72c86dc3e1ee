// A brief's immutable revisions as a principal who may see the brief reads
// them: the list, one revision, the diff between two, the brief check of
// one, and the review material the review service asks for at claim time.
#ifndef BRIEFDESK_SERVICES_BRIEFS_REVISIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_REVISIONS_H_

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/brief_check.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Revisions {
 public:
  Revisions(Database* db, CheckThresholds thresholds)
      : db_(db), thresholds_(thresholds) {}

  absl::StatusOr<v1::ListRevisionsResponse> List(
      const rpc::Principal& p, const v1::ListRevisionsRequest& req);
  absl::StatusOr<v1::Revision> Get(const rpc::Principal& p,
                                   const v1::GetRevisionRequest& req);
  absl::StatusOr<v1::Diff> Diff(const rpc::Principal& p,
                                const v1::GetDiffRequest& req);
  // Of the current revision, or of `req.revision()` when it is not 0.
  absl::StatusOr<v1::CheckReport> Check(const rpc::Principal& p,
                                        const v1::GetCheckRequest& req);
  // The check of unsaved text, for those who may see the brief.
  absl::StatusOr<v1::CheckReport> CheckDraft(const rpc::Principal& p,
                                             const v1::CheckDraftRequest& req);
  // For the review service only (PERMISSION_DENIED for anyone else): the
  // brief at the revision to review, its check, and the diff from the
  // revision the expert reviewed last.
  absl::StatusOr<v1::ReviewMaterial> ReviewMaterial(
      const rpc::Principal& p, const v1::GetReviewMaterialRequest& req);

 private:
  Database* db_;
  CheckThresholds thresholds_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_REVISIONS_H_
