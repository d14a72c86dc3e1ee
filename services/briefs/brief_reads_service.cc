// The Briefs RPCs that read one brief: the brief, its revisions, diffs,
// check and history, and the review material the review service asks for.
// Each answers whoever may see the brief (NOT_FOUND otherwise).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/briefs/access.h"
#include "services/briefs/brief_diff.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/briefs_service.h"

namespace briefdesk::briefs {
namespace {

absl::StatusOr<int64_t> PagePosition(const std::string& token) {
  if (token.empty()) return 0;
  auto raw = rpc::DecodePageToken(token);
  if (!raw.ok()) return raw.status();
  int64_t n = 0;
  if (!absl::SimpleAtoi(*raw, &n) || n < 0) {
    return rpc::FieldError("pageToken", "is not a token from this list");
  }
  return n;
}

}  // namespace

template <typename T>
absl::StatusOr<T> BriefsService::WithVisibleBrief(
    const rpc::Principal& p, const std::string& id,
    const std::function<absl::StatusOr<T>(pqxx::work&, const v1::Brief&)>& fn) {
  return pool_->Run<T>([&](pqxx::work& tx) -> absl::StatusOr<T> {
    auto brief = LoadBrief(tx, id, false);
    if (!brief.ok()) return brief.status();
    if (!MaySee(tx, p, *brief)) return NotFound(id);
    return fn(tx, *brief);
  });
}

grpc::Status BriefsService::GetBrief(grpc::ServerContext* ctx,
                                     const v1::GetBriefRequest* req,
                                     v1::Brief* resp) {
  return rpc::Reply(WithVisibleBrief<v1::Brief>(
                        rpc::PrincipalFrom(*ctx), req->id(),
                        [](pqxx::work&, const v1::Brief& b) { return b; }),
                    resp);
}

grpc::Status BriefsService::ListRevisions(grpc::ServerContext* ctx,
                                          const v1::ListRevisionsRequest* req,
                                          v1::ListRevisionsResponse* resp) {
  auto size = rpc::PageSize(req->page_size());
  if (!size.ok()) return rpc::ToGrpcStatus(size.status());
  auto after = PagePosition(req->page_token());
  if (!after.ok()) return rpc::ToGrpcStatus(after.status());
  return rpc::Reply(
      WithVisibleBrief<v1::ListRevisionsResponse>(
          rpc::PrincipalFrom(*ctx), req->id(),
          [&](pqxx::work& tx,
              const v1::Brief& b) -> absl::StatusOr<v1::ListRevisionsResponse> {
            auto revs = briefs::ListRevisions(tx, b.id(), *after, *size + 1);
            v1::ListRevisionsResponse out;
            for (size_t i = 0; i < revs.size() && i < size_t(*size); ++i) {
              *out.add_revisions() = revs[i];
            }
            if (revs.size() > size_t(*size)) {
              out.set_next_page_token(rpc::EncodePageToken(absl::StrCat(
                  out.revisions(out.revisions_size() - 1).number())));
            }
            return out;
          }),
      resp);
}

grpc::Status BriefsService::GetRevision(grpc::ServerContext* ctx,
                                        const v1::GetRevisionRequest* req,
                                        v1::Revision* resp) {
  return rpc::Reply(WithVisibleBrief<v1::Revision>(
                        rpc::PrincipalFrom(*ctx), req->id(),
                        [&](pqxx::work& tx, const v1::Brief& b) {
                          return LoadRevision(tx, b.id(), req->number());
                        }),
                    resp);
}

grpc::Status BriefsService::GetDiff(grpc::ServerContext* ctx,
                                    const v1::GetDiffRequest* req,
                                    v1::Diff* resp) {
  if (req->from() < 1) {
    return rpc::ToGrpcStatus(rpc::FieldError("from", "a revision number"));
  }
  if (req->to() < 1) {
    return rpc::ToGrpcStatus(rpc::FieldError("to", "a revision number"));
  }
  return rpc::Reply(
      WithVisibleBrief<v1::Diff>(
          rpc::PrincipalFrom(*ctx), req->id(),
          [&](pqxx::work& tx, const v1::Brief& b) -> absl::StatusOr<v1::Diff> {
            auto from = LoadRevision(tx, b.id(), req->from());
            if (!from.ok()) return from.status();
            auto to = LoadRevision(tx, b.id(), req->to());
            if (!to.ok()) return to.status();
            return DiffRevisions(*from, *to);
          }),
      resp);
}

grpc::Status BriefsService::GetCheck(grpc::ServerContext* ctx,
                                     const v1::GetCheckRequest* req,
                                     v1::CheckReport* resp) {
  if (req->revision() < 0) {
    return rpc::ToGrpcStatus(rpc::FieldError("revision", "a revision number"));
  }
  return rpc::Reply(
      WithVisibleBrief<v1::CheckReport>(
          rpc::PrincipalFrom(*ctx), req->id(),
          [&](pqxx::work& tx,
              const v1::Brief& b) -> absl::StatusOr<v1::CheckReport> {
            int number = req->revision() == 0 ? b.revision() : req->revision();
            auto rev = LoadRevision(tx, b.id(), number);
            if (!rev.ok()) return rev.status();
            v1::CheckReport r =
                CheckBrief(rev->title(), rev->sections(), thresholds_);
            r.set_brief_id(b.id());
            r.set_revision(number);
            return r;
          }),
      resp);
}

grpc::Status BriefsService::ListHistory(grpc::ServerContext* ctx,
                                        const v1::ListHistoryRequest* req,
                                        v1::ListHistoryResponse* resp) {
  auto size = rpc::PageSize(req->page_size());
  if (!size.ok()) return rpc::ToGrpcStatus(size.status());
  auto after = PagePosition(req->page_token());
  if (!after.ok()) return rpc::ToGrpcStatus(after.status());
  return rpc::Reply(
      WithVisibleBrief<v1::ListHistoryResponse>(
          rpc::PrincipalFrom(*ctx), req->id(),
          [&](pqxx::work& tx,
              const v1::Brief& b) -> absl::StatusOr<v1::ListHistoryResponse> {
            auto rows = ListTransitions(tx, b.id(), *after, *size + 1);
            v1::ListHistoryResponse out;
            for (size_t i = 0; i < rows.size() && i < size_t(*size); ++i) {
              *out.add_transitions() = rows[i].second;
            }
            if (rows.size() > size_t(*size)) {
              out.set_next_page_token(
                  rpc::EncodePageToken(absl::StrCat(rows[*size - 1].first)));
            }
            return out;
          }),
      resp);
}

grpc::Status BriefsService::GetReviewMaterial(
    grpc::ServerContext* ctx, const v1::GetReviewMaterialRequest* req,
    v1::ReviewMaterial* resp) {
  if (rpc::PrincipalFrom(*ctx).user_id() != kReviewService) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "for the review service only");
  }
  return rpc::Reply(
      pool_->Run<v1::ReviewMaterial>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::ReviewMaterial> {
            auto b = LoadBrief(tx, req->id(), false);
            if (!b.ok()) return b.status();
            auto rev = LoadRevision(tx, b->id(), req->revision());
            if (!rev.ok()) return rev.status();
            v1::ReviewMaterial out;
            v1::Brief* at = out.mutable_brief();
            *at = *b;
            at->set_revision(rev->number());
            at->set_title(rev->title());
            at->set_policy_question(rev->policy_question());
            at->set_topic(rev->topic());
            at->set_country(rev->country());
            at->set_constituency(rev->constituency());
            *at->mutable_sections() = rev->sections();
            *out.mutable_check() =
                CheckBrief(rev->title(), rev->sections(), thresholds_);
            out.mutable_check()->set_brief_id(b->id());
            out.mutable_check()->set_revision(rev->number());
            int since = req->since_revision();
            if (since > 0 && since != rev->number()) {
              auto old = LoadRevision(tx, b->id(), since);
              if (old.ok()) *out.mutable_diff() = DiffRevisions(*old, *rev);
            }
            return out;
          }),
      resp);
}

}  // namespace briefdesk::briefs
