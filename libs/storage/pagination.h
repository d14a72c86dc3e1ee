// Pagination of lists as API.md has it (pageSize defaults to 20, at most
// 100; pageToken opaque; nextPageToken absent on the last page), written
// once: a page is fetched as one row more than it holds, so whether another
// page follows is known without counting; the extra row is trimmed and the
// position of the last row kept becomes the next page's token.
//
//   auto page = storage::Page::Parse(req.page_size(), req.page_token());
//   if (!page.ok()) return page.status();
//   std::vector<Row> rows = store.List(page->after(), page->fetch());
//   if (auto next = page->Trim(rows, [](const Row& r) { return r.id; }))
//     resp.set_next_page_token(*next);
#ifndef BRIEFDESK_LIBS_STORAGE_PAGINATION_H_
#define BRIEFDESK_LIBS_STORAGE_PAGINATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"

namespace briefdesk::storage {

class Page {
 public:
  // From a request's pageSize and pageToken; INVALID_ARGUMENT naming the
  // field when either is malformed (a token not made by Trim).
  static absl::StatusOr<Page> Parse(int page_size, std::string_view page_token);

  // Rows on a page.
  int size() const { return size_; }
  // Rows to ask the store for: one more than the page holds.
  int fetch() const { return size_ + 1; }
  // The position the page starts after: "" on the first page.
  const std::string& after() const { return after_; }
  // The same, for a list whose positions are numbers (a sequence, an
  // offset): 0 on the first page; INVALID_ARGUMENT on pageToken when the
  // position is not a number of at least 0.
  absl::StatusOr<int64_t> after_number() const;

  // Trims the fetched `rows` (a std::vector or a protobuf repeated field) to
  // the page and returns the next page's token, made from the position of
  // the last row kept (`position(row)`, a string); nullopt when no page
  // follows.
  template <typename Rows, typename Position>
  std::optional<std::string> Trim(Rows& rows, Position position) const;

 private:
  Page(int size, std::string after) : size_(size), after_(std::move(after)) {}
  static std::string Token(std::string_view position);

  int size_;
  std::string after_;
};

template <typename Rows, typename Position>
std::optional<std::string> Page::Trim(Rows& rows, Position position) const {
  if (static_cast<int>(rows.size()) <= size_) return std::nullopt;
  while (static_cast<int>(rows.size()) > size_) {
    if constexpr (requires { rows.pop_back(); }) {
      rows.pop_back();
    } else {
      rows.RemoveLast();
    }
  }
  return Token(position(rows[static_cast<int>(rows.size()) - 1]));
}

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_PAGINATION_H_
