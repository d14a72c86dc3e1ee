#include "libs/storage/pagination.h"

#include "absl/strings/numbers.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::storage {

absl::StatusOr<Page> Page::Parse(int page_size, std::string_view page_token) {
  auto size = rpc::PageSize(page_size);
  if (!size.ok()) return size.status();
  if (page_token.empty()) return Page(*size, "");
  auto after = rpc::DecodePageToken(page_token);
  if (!after.ok()) return after.status();
  return Page(*size, *std::move(after));
}

absl::StatusOr<int64_t> Page::after_number() const {
  if (after_.empty()) return 0;
  int64_t n = 0;
  if (!absl::SimpleAtoi(after_, &n) || n < 0) {
    return rpc::FieldError("pageToken", "is not a token from this list");
  }
  return n;
}

std::string Page::Token(std::string_view position) {
  return rpc::EncodePageToken(position);
}

}  // namespace briefdesk::storage
