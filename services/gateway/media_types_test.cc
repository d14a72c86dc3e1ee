#include "services/gateway/media_types.h"

#include <gtest/gtest.h>

namespace briefdesk::gateway {
namespace {

TEST(MediaTypesTest, ContentTypeIsTheTypeInUtf8) {
  for (const char* ok :
       {"text/csv", "TEXT/Csv", " text/csv ; charset=utf-8",
        "text/csv;charset=\"UTF-8\"", "text/csv; header=present"}) {
    EXPECT_TRUE(IsUtf8MediaType(ok, "text/csv")) << ok;
  }
  for (const char* bad :
       {"", "text/plain", "text/csvx", "text/csv; charset=latin1",
        "text/csv; charset=utf-16", "application/json", "text/csv/x"}) {
    EXPECT_FALSE(IsUtf8MediaType(bad, "text/csv")) << bad;
  }
}

TEST(MediaTypesTest, CsvOnlyWhenPreferredStrictly) {
  for (const char* csv :
       {"text/csv", "text/csv;q=1, application/json;q=0.999",
        "application/json;q=0, text/csv;q=0.001", "text/*",
        "application/json;q=0.5, text/csv", "text/csv, */*;q=0.8",
        "text/csv;q=1.000;header=present"}) {
    EXPECT_TRUE(PrefersCsv(csv)) << csv;
  }
  for (const char* json :
       {"", "*/*", "*", "application/json", "text/csv, application/json",
        "text/csv;q=0.5, */*", "text/html", "text/csv;q=0", "text/csv;q=1.5",
        "text/csv;q=-1", "text/csv;q=", "text/csv;q=0.5, application/*",
        "garbage", ",,,"}) {
    EXPECT_FALSE(PrefersCsv(json)) << json;
  }
}

TEST(MediaTypesTest, RawTextIsUtf8WithLineEndsAndTabs) {
  EXPECT_EQ(RawTextProblem(""), std::nullopt);
  EXPECT_EQ(RawTextProblem("\xEF\xBB\xBFname\tx\r\nZo\xC3\xAB,\"a\rb\"\n"),
            std::nullopt);
  auto latin1 = RawTextProblem("name\r\nok\r\nAd\xE9\r\n");
  ASSERT_TRUE(latin1.has_value());
  EXPECT_EQ(*latin1, "line 3 is not valid UTF-8 (at character 3)");
  auto nul = RawTextProblem(std::string("a\n\0", 3));
  ASSERT_TRUE(nul.has_value());
  EXPECT_NE(nul->find("line 2 contains the control character U+0000"),
            std::string::npos)
      << *nul;
  EXPECT_NE(nul->find("carriage return"), std::string::npos) << *nul;
}

}  // namespace
}  // namespace briefdesk::gateway
