#include "libs/config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace briefdesk::config {
namespace {

TEST(ConfigTest, IntDefaultsParsesAndRefuses) {
  unsetenv("BD_TEST_INT");
  EXPECT_EQ(*Int("BD_TEST_INT", 7, 1, 10), 7);
  setenv("BD_TEST_INT", "9", 1);
  EXPECT_EQ(*Int("BD_TEST_INT", 7, 1, 10), 9);
  setenv("BD_TEST_INT", "11", 1);
  auto out_of_range = Int("BD_TEST_INT", 7, 1, 10);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.status().message().find("BD_TEST_INT"),
            std::string::npos);
  setenv("BD_TEST_INT", "nine", 1);
  EXPECT_FALSE(Int("BD_TEST_INT", 7, 1, 10).ok());
}

TEST(ConfigTest, StringAndRequired) {
  unsetenv("BD_TEST_STR");
  EXPECT_EQ(String("BD_TEST_STR", "x"), "x");
  EXPECT_FALSE(Required("BD_TEST_STR").ok());
  setenv("BD_TEST_STR", "value", 1);
  EXPECT_EQ(String("BD_TEST_STR", "x"), "value");
  EXPECT_EQ(*Required("BD_TEST_STR"), "value");
}

TEST(ConfigTest, Bool) {
  unsetenv("BD_TEST_BOOL");
  EXPECT_TRUE(*Bool("BD_TEST_BOOL", true));
  setenv("BD_TEST_BOOL", "false", 1);
  EXPECT_FALSE(*Bool("BD_TEST_BOOL", true));
  setenv("BD_TEST_BOOL", "yes", 1);
  EXPECT_FALSE(Bool("BD_TEST_BOOL", true).ok());
}

}  // namespace
}  // namespace briefdesk::config
