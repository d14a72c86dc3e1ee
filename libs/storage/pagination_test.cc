#include "libs/storage/pagination.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "briefdesk/common/v1/http.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::storage {
namespace {

TEST(PageTest, DefaultsToTwentyAndCapsAtOneHundred) {
  EXPECT_EQ(Page::Parse(0, "")->size(), 20);
  EXPECT_EQ(Page::Parse(7, "")->size(), 7);
  EXPECT_EQ(Page::Parse(1000, "")->size(), 100);
  EXPECT_EQ(Page::Parse(7, "")->fetch(), 8);
  EXPECT_EQ(Page::Parse(7, "")->after(), "");
}

TEST(PageTest, RefusesANegativeSizeAndAForeignToken) {
  auto negative = Page::Parse(-1, "");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(rpc::DetailsOf(negative.status()).details(0).field(), "pageSize");
  auto foreign = Page::Parse(10, "not-a-token");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rpc::DetailsOf(foreign.status()).details(0).field(), "pageToken");
}

TEST(PageTest, TrimsTheExtraRowAndNamesTheLastOneKept) {
  auto page = Page::Parse(2, "");
  std::vector<std::string> rows = {"a", "b", "c"};
  auto next = page->Trim(rows, [](const std::string& r) { return r; });
  EXPECT_EQ(rows, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(next.has_value());
  auto following = Page::Parse(2, *next);
  ASSERT_TRUE(following.ok());
  EXPECT_EQ(following->after(), "b");
}

TEST(PageTest, TheLastPageHasNoNextToken) {
  auto page = Page::Parse(2, "");
  std::vector<std::string> full = {"a", "b"}, short_page = {"a"}, none;
  auto id = [](const std::string& r) { return r; };
  EXPECT_FALSE(page->Trim(full, id).has_value());
  EXPECT_FALSE(page->Trim(short_page, id).has_value());
  EXPECT_FALSE(page->Trim(none, id).has_value());
  EXPECT_EQ(full.size(), 2u);
}

TEST(PageTest, TrimsRepeatedFields) {
  auto page = Page::Parse(1, "");
  common::v1::ErrorDetails d;
  d.add_details()->set_field("first");
  d.add_details()->set_field("second");
  auto next =
      page->Trim(*d.mutable_details(),
                 [](const common::v1::ErrorDetail& e) { return e.field(); });
  EXPECT_EQ(d.details_size(), 1);
  EXPECT_EQ(Page::Parse(1, *next)->after(), "first");
}

TEST(PageTest, NumericPositions) {
  EXPECT_EQ(*Page::Parse(5, "")->after_number(), 0);
  auto page = Page::Parse(5, rpc::EncodePageToken("42"));
  EXPECT_EQ(*page->after_number(), 42);
  auto word = Page::Parse(5, rpc::EncodePageToken("forty"));
  ASSERT_TRUE(word.ok());
  EXPECT_FALSE(word->after_number().ok());
  EXPECT_FALSE(Page::Parse(5, rpc::EncodePageToken("-3"))->after_number().ok());
}

}  // namespace
}  // namespace briefdesk::storage
