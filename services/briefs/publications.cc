#include "services/briefs/publications.h"

#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/storage/pagination.h"
#include "services/briefs/published_store.h"

namespace briefdesk::briefs {

// Positions are offsets: publication times are not unique, and a page
// boundary inside a tie must not skip or repeat a brief.
absl::StatusOr<v1::ListPublishedResponse> Publications::List(
    const v1::ListPublishedRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  auto offset = page->after_number();
  if (!offset.ok()) {
    return rpc::FieldError("pageToken", "is not from this list");
  }
  return db_->Autocommit<v1::ListPublishedResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::ListPublishedResponse> {
        v1::ListPublishedResponse out;
        for (auto& b : ListPublished(tx, req.topic(), req.cohort(), *offset,
                                     page->fetch())) {
          *out.add_briefs() = std::move(b);
        }
        int64_t next_offset = *offset + page->size();
        if (auto next = page->Trim(*out.mutable_briefs(), [&](const auto&) {
              return absl::StrCat(next_offset);
            })) {
          out.set_next_page_token(*next);
        }
        return out;
      });
}

absl::StatusOr<v1::PublishedBrief> Publications::Get(
    const v1::GetPublishedRequest& req) {
  return db_->Autocommit<v1::PublishedBrief>(
      [&](Tx& tx) { return LoadPublished(tx, req.slug()); });
}

}  // namespace briefdesk::briefs
