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

TEST(ConfigTest, HostPortParsesAndRefuses) {
  unsetenv("BD_TEST_ADDR");
  auto fallback = HostPort("BD_TEST_ADDR", "127.0.0.1:6379");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->host, "127.0.0.1");
  EXPECT_EQ(fallback->port, 6379);
  setenv("BD_TEST_ADDR", "[::1]:0", 1);
  EXPECT_EQ(HostPort("BD_TEST_ADDR", "")->host, "::1");
  for (const char* bad : {"redis", ":6379", "host:", "host:65536", "host:x"}) {
    setenv("BD_TEST_ADDR", bad, 1);
    auto r = HostPort("BD_TEST_ADDR", "");
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("BD_TEST_ADDR"), std::string::npos);
  }
}

}  // namespace
}  // namespace briefdesk::config
