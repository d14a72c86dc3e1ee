#include "services/briefs/brief_reads.h"

#include "absl/strings/str_cat.h"
#include "libs/storage/pagination.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/transition_store.h"

namespace briefdesk::briefs {

absl::StatusOr<v1::Brief> BriefReads::Get(const rpc::Principal& p,
                                          const std::string& id) {
  auto row =
      db_->Autocommit<BriefRow>([&](Tx& tx) { return LoadVisible(tx, p, id); });
  if (!row.ok()) return row.status();
  return std::move(row->brief);
}

absl::StatusOr<v1::ListBriefsResponse> BriefReads::List(
    const rpc::Principal& p, const v1::ListBriefsRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  BriefFilter f;
  if (req.state() != v1::STATE_UNSPECIFIED) f.state = req.state();
  f.topic = req.topic();
  f.cohort = req.cohort();
  f.author_id = req.author_id();
  f.course_id = req.course_id();
  f.viewer = SeesEverything(p) ? "" : p.user_id();
  f.after_id = page->after();
  f.limit = page->fetch();
  return db_->Autocommit<v1::ListBriefsResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::ListBriefsResponse> {
        v1::ListBriefsResponse resp;
        for (v1::Brief& b : ListBriefs(tx, f)) {
          *resp.add_briefs() = std::move(b);
        }
        if (auto next = page->Trim(*resp.mutable_briefs(),
                                   [](const v1::Brief& b) { return b.id(); })) {
          resp.set_next_page_token(*next);
        }
        return resp;
      });
}

absl::StatusOr<v1::ListHistoryResponse> BriefReads::History(
    const rpc::Principal& p, const v1::ListHistoryRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  auto after = page->after_number();
  if (!after.ok()) return after.status();
  return db_->Autocommit<v1::ListHistoryResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::ListHistoryResponse> {
        auto row = LoadVisible(tx, p, req.id());
        if (!row.ok()) return row.status();
        auto rows = ListTransitions(tx, req.id(), *after, page->fetch());
        auto next = page->Trim(
            rows, [](const auto& r) { return absl::StrCat(r.first); });
        v1::ListHistoryResponse out;
        for (auto& [seq, t] : rows) *out.add_transitions() = std::move(t);
        if (next) out.set_next_page_token(*next);
        return out;
      });
}

}  // namespace briefdesk::briefs
