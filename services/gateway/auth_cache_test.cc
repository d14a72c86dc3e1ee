#include "services/gateway/auth_cache.h"

#include <gtest/gtest.h>

#include "libs/auth/api_keys.h"

namespace briefdesk::gateway {
namespace {

TEST(AuthCacheTest, EntriesExpireAfterTheTtl) {
  ASSERT_TRUE(auth::Init());
  AuthCache cache(std::chrono::milliseconds(5000), 10);
  Clock::time_point t0 = Clock::now();
  directory::v1::Principal p;
  p.set_user_id("u1");
  cache.Put("key", p, t0);
  ASSERT_TRUE(cache.Get("key", t0 + std::chrono::seconds(4)).has_value());
  EXPECT_EQ(cache.Get("key", t0)->user_id(), "u1");
  EXPECT_FALSE(cache.Get("key", t0 + std::chrono::seconds(5)).has_value());
  EXPECT_FALSE(cache.Get("other", t0).has_value());
}

TEST(AuthCacheTest, StaysBounded) {
  AuthCache cache(std::chrono::milliseconds(5000), 3);
  Clock::time_point t0 = Clock::now();
  directory::v1::Principal p;
  for (int i = 0; i < 10; ++i) cache.Put("k" + std::to_string(i), p, t0);
  int held = 0;
  for (int i = 0; i < 10; ++i) held += cache.Get("k" + std::to_string(i), t0).has_value();
  EXPECT_LE(held, 3);
  EXPECT_TRUE(cache.Get("k9", t0).has_value());
}

TEST(RateLimiterTest, BurstThenRefillWithRetryAfter) {
  RateLimiter limiter(60);  // one a second, bursts of 60
  Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 60; ++i) ASSERT_FALSE(limiter.Take("u", t0).has_value());
  auto wait = limiter.Take("u", t0);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 1);
  EXPECT_FALSE(limiter.Take("other", t0).has_value());  // per user
  EXPECT_FALSE(limiter.Take("u", t0 + std::chrono::seconds(1)).has_value());
  EXPECT_FALSE(RateLimiter(0).Take("u", t0).has_value());  // 0: no limit
}

}  // namespace
}  // namespace briefdesk::gateway
