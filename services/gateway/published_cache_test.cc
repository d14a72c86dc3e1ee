#include "services/gateway/published_cache.h"

#include <gtest/gtest.h>

namespace briefdesk::gateway {
namespace {

using std::chrono::seconds;

std::shared_ptr<const PublishedAnswer> Answer(std::string body) {
  auto a = std::make_shared<PublishedAnswer>();
  a->body = std::move(body);
  a->content_type = "text/html; charset=utf-8";
  a->etag = "\"x\"";
  return a;
}

class PublishedCacheTest : public ::testing::Test {
 protected:
  PublishedCache::Clock::time_point now = PublishedCache::Clock::now();
  PublishedCache cache{
      {.max_entries = 3, .max_bytes = 1000, .max_age = seconds(300)}};

  void Put(const std::string& key, const std::string& slug,
           const std::string& body) {
    cache.Store(key, slug, Answer(body), cache.Generation(), now);
  }
  bool Has(const std::string& key) { return cache.Find(key, now) != nullptr; }
};

TEST_F(PublishedCacheTest, BypassedUntilLive) {
  Put("page:a", "a", "A");
  EXPECT_FALSE(Has("page:a"));
  cache.SetLive(true);
  EXPECT_FALSE(Has("page:a"));  // nothing from before
  Put("page:a", "a", "A");
  auto hit = cache.Find("page:a", now);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->body, "A");
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);  // while live only
}

TEST_F(PublishedCacheTest, LosingTheWatchEmptiesAndBypasses) {
  cache.SetLive(true);
  Put("page:a", "a", "A");
  cache.SetLive(false);
  EXPECT_FALSE(Has("page:a"));
  EXPECT_EQ(cache.stats().entries, 0u);
  cache.SetLive(true);
  EXPECT_FALSE(Has("page:a"));
}

TEST_F(PublishedCacheTest, AChangeDropsItsPageAndEveryList) {
  cache.SetLive(true);
  Put("page:a", "a", "A");
  Put("page:b", "b", "B");
  Put("index", "", "I");
  cache.Invalidate("a");
  EXPECT_FALSE(Has("page:a"));
  EXPECT_FALSE(Has("index"));
  EXPECT_TRUE(Has("page:b"));
  Put("index", "", "I");
  cache.Invalidate("");  // a return: only the lists
  EXPECT_FALSE(Has("index"));
  EXPECT_TRUE(Has("page:b"));
  cache.InvalidateAll();
  EXPECT_FALSE(Has("page:b"));
  EXPECT_EQ(cache.stats().invalidations, 3u);
}

TEST_F(PublishedCacheTest, AnAnswerAskedForBeforeAChangeIsNotKept) {
  cache.SetLive(true);
  uint64_t asked = cache.Generation();
  cache.Invalidate("other");  // arrives while the answer is on its way
  cache.Store("page:a", "a", Answer("old"), asked, now);
  EXPECT_FALSE(Has("page:a"));
  asked = cache.Generation();
  cache.SetLive(false);
  cache.SetLive(true);
  cache.Store("page:a", "a", Answer("old"), asked, now);
  EXPECT_FALSE(Has("page:a"));
}

TEST_F(PublishedCacheTest, LeastRecentlyUsedGoesFirst) {
  cache.SetLive(true);
  Put("1", "", "x");
  Put("2", "", "x");
  Put("3", "", "x");
  EXPECT_TRUE(Has("1"));  // now the most recently used
  Put("4", "", "x");
  EXPECT_TRUE(Has("1"));
  EXPECT_FALSE(Has("2"));
  EXPECT_EQ(cache.stats().entries, 3u);
}

TEST_F(PublishedCacheTest, BoundedInBytes) {
  cache.SetLive(true);
  Put("a", "", std::string(600, 'a'));
  Put("b", "", std::string(300, 'b'));
  Put("c", "", std::string(300, 'c'));  // over 1000 bytes: "a" goes
  EXPECT_FALSE(Has("a"));
  EXPECT_TRUE(Has("b"));
  EXPECT_TRUE(Has("c"));
  EXPECT_LE(cache.stats().bytes, 1000u);
  Put("huge", "", std::string(2000, 'h'));  // never kept, evicts nothing
  EXPECT_FALSE(Has("huge"));
  EXPECT_TRUE(Has("b"));
}

TEST_F(PublishedCacheTest, OldAnswersExpire) {
  cache.SetLive(true);
  Put("a", "", "A");
  EXPECT_NE(cache.Find("a", now + seconds(299)), nullptr);
  EXPECT_EQ(cache.Find("a", now + seconds(300)), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(PublishedCacheTest, StoringAgainReplaces) {
  cache.SetLive(true);
  Put("a", "", "old");
  Put("a", "", "new");
  EXPECT_EQ(cache.Find("a", now)->body, "new");
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, 4u);
}

TEST(PublishedCacheOff, NoEntriesKeepsNothing) {
  PublishedCache off({.max_entries = 0});
  off.SetLive(true);
  off.Store("a", "", Answer("A"), off.Generation(),
            PublishedCache::Clock::now());
  EXPECT_EQ(off.Find("a", PublishedCache::Clock::now()), nullptr);
}

}  // namespace
}  // namespace briefdesk::gateway
