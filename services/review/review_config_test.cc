#include "services/review/review_config.h"

#include <gtest/gtest.h>

namespace briefdesk::review {
namespace {

TEST(ReviewConfigTest, PerTopicOverridesParseAndApply) {
  auto m = ParseTopicCounts("social-protection=2,skills=3");
  ASSERT_TRUE(m.ok());
  ReviewConfig c;
  c.per_topic = *m;
  EXPECT_EQ(c.ReviewsFor("social-protection"), 2);
  EXPECT_EQ(c.ReviewsFor("skills"), 3);
  EXPECT_EQ(c.ReviewsFor("other"), 1);
  EXPECT_TRUE(ParseTopicCounts("").ok());
  for (std::string bad : {"x", "x=0", "x=21", "=2", "x=two", "a=1=2"}) {
    EXPECT_FALSE(ParseTopicCounts(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace briefdesk::review
