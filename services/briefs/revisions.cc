#include "services/briefs/revisions.h"

#include "absl/strings/str_cat.h"
#include "libs/storage/pagination.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/brief_diff.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/comments.h"
#include "services/briefs/revision_store.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

// The brief as it was at `rev`.
v1::Brief AtRevision(v1::Brief b, const v1::Revision& rev) {
  b.set_revision(rev.number());
  b.set_title(rev.title());
  b.set_policy_question(rev.policy_question());
  b.set_topic(rev.topic());
  b.set_country(rev.country());
  b.set_constituency(rev.constituency());
  *b.mutable_sections() = rev.sections();
  b.set_language(rev.language());
  return b;
}

}  // namespace

absl::StatusOr<v1::ListRevisionsResponse> Revisions::List(
    const rpc::Principal& p, const v1::ListRevisionsRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  auto after = page->after_number();
  if (!after.ok()) return after.status();
  return db_->Autocommit<v1::ListRevisionsResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::ListRevisionsResponse> {
        auto row = LoadVisible(tx, p, req.id());
        if (!row.ok()) return row.status();
        auto revs = ListRevisions(tx, req.id(), static_cast<int>(*after),
                                  page->fetch());
        v1::ListRevisionsResponse out;
        for (auto& r : revs) *out.add_revisions() = std::move(r);
        if (auto next = page->Trim(*out.mutable_revisions(),
                                   [](const v1::RevisionInfo& r) {
                                     return absl::StrCat(r.number());
                                   })) {
          out.set_next_page_token(*next);
        }
        return out;
      });
}

absl::StatusOr<v1::Revision> Revisions::Get(const rpc::Principal& p,
                                            const v1::GetRevisionRequest& req) {
  return db_->Autocommit<v1::Revision>(
      [&](Tx& tx) -> absl::StatusOr<v1::Revision> {
        auto row = LoadVisible(tx, p, req.id());
        if (!row.ok()) return row.status();
        return LoadRevision(tx, req.id(), req.number());
      });
}

absl::StatusOr<v1::Diff> Revisions::Diff(const rpc::Principal& p,
                                         const v1::GetDiffRequest& req) {
  if (req.from() < 1) return rpc::FieldError("from", "a revision number");
  if (req.to() < 1) return rpc::FieldError("to", "a revision number");
  return db_->Autocommit<v1::Diff>([&](Tx& tx) -> absl::StatusOr<v1::Diff> {
    auto row = LoadVisible(tx, p, req.id());
    if (!row.ok()) return row.status();
    auto from = LoadRevision(tx, req.id(), req.from());
    if (!from.ok()) return from.status();
    auto to = LoadRevision(tx, req.id(), req.to());
    if (!to.ok()) return to.status();
    return DiffRevisions(*from, *to);
  });
}

absl::StatusOr<v1::CheckReport> Revisions::Check(
    const rpc::Principal& p, const v1::GetCheckRequest& req) {
  if (req.revision() < 0) {
    return rpc::FieldError("revision", "a revision number");
  }
  return db_->Autocommit<v1::CheckReport>(
      [&](Tx& tx) -> absl::StatusOr<v1::CheckReport> {
        auto row = LoadVisible(tx, p, req.id());
        if (!row.ok()) return row.status();
        const v1::Brief& b = row->brief;
        int number = req.revision() == 0 ? b.revision() : req.revision();
        v1::CheckReport r;
        if (number == b.revision()) {  // the content loaded with the brief
          r = CheckBrief(b.title(), b.sections(), b.language(), thresholds_);
        } else {
          auto rev = LoadRevision(tx, b.id(), number);
          if (!rev.ok()) return rev.status();
          r = CheckBrief(rev->title(), rev->sections(), rev->language(),
                         thresholds_);
        }
        r.set_brief_id(b.id());
        r.set_revision(number);
        return r;
      });
}

absl::StatusOr<v1::CheckReport> Revisions::CheckDraft(
    const rpc::Principal& p, const v1::CheckDraftRequest& req) {
  if (!req.language().empty()) {
    if (auto s = validation::ValidateLanguage("language", req.language());
        !s.ok())
      return s;
  }
  return db_->Autocommit<v1::CheckReport>(
      [&](Tx& tx) -> absl::StatusOr<v1::CheckReport> {
        auto row = LoadVisible(tx, p, req.id());
        if (!row.ok()) return row.status();
        const std::string& language =
            req.language().empty() ? row->brief.language() : req.language();
        v1::CheckReport r =
            CheckBrief(req.title(), req.sections(), language, thresholds_);
        r.set_brief_id(req.id());
        return r;
      });
}

absl::StatusOr<v1::ReviewMaterial> Revisions::ReviewMaterial(
    const rpc::Principal& p, const v1::GetReviewMaterialRequest& req) {
  if (p.user_id() != rpc::kReviewService) {
    return absl::PermissionDeniedError("for the review service only");
  }
  return db_->Autocommit<v1::ReviewMaterial>(
      [&](Tx& tx) -> absl::StatusOr<v1::ReviewMaterial> {
        auto row = LoadBrief(tx, req.id(), "");
        if (!row.ok()) return row.status();
        auto rev = LoadRevision(tx, req.id(), req.revision());
        if (!rev.ok()) return rev.status();
        v1::ReviewMaterial out;
        *out.mutable_brief() = AtRevision(row->brief, *rev);
        *out.mutable_check() = CheckBrief(rev->title(), rev->sections(),
                                          rev->language(), thresholds_);
        out.mutable_check()->set_brief_id(req.id());
        out.mutable_check()->set_revision(rev->number());
        int since = req.since_revision();
        if (since > 0 && since != rev->number()) {
          auto old = LoadRevision(tx, req.id(), since);
          if (old.ok()) *out.mutable_diff() = DiffRevisions(*old, *rev);
        }
        if (!req.expert_id().empty()) {
          for (v1::CommentThread& t :
               ThreadsOfExpert(tx, req.id(), req.expert_id())) {
            *out.add_threads() = std::move(t);
          }
        }
        return out;
      });
}

}  // namespace briefdesk::briefs
