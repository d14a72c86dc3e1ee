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
  for (int i = 0; i < 10; ++i)
    held += cache.Get("k" + std::to_string(i), t0).has_value();
  EXPECT_LE(held, 3);
  EXPECT_TRUE(cache.Get("k9", t0).has_value());
}

TEST(RateLimiterTest, BurstThenRefillWithRetryAfter) {
  RateLimiter limiter(60);  // one a second, bursts of 60
  auto t0 = Clock::now();
  RateLimiter::Quota first = limiter.Take("k", t0);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.limit, 60);
  EXPECT_EQ(first.remaining, 59);
  EXPECT_EQ(first.reset_seconds, 1);
  for (int i = 1; i < 60; ++i) ASSERT_TRUE(limiter.Take("k", t0).allowed);
  RateLimiter::Quota refused = limiter.Take("k", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after, 1);
  EXPECT_EQ(refused.reset_seconds, 60);
  EXPECT_TRUE(limiter.Take("other key", t0).allowed);  // per key
  EXPECT_TRUE(limiter.Take("k", t0 + std::chrono::seconds(1)).allowed);
  RateLimiter::Quota unlimited = RateLimiter(0).Take("k", t0);
  EXPECT_TRUE(unlimited.allowed);  // 0: no limit
  EXPECT_EQ(unlimited.limit, 0);
}

}  // namespace
}  // namespace briefdesk::gateway
