// The claim script and the layout against a real redis-server (started by
// the test in a temporary folder): oldest eligible first, the topic filter,
// co-authors, one task a round per expert, no task handed out twice under
// concurrency, a claim's cost independent of the tasks of other topics, and
// a Redis of the old layout (bd:queue only) brought up to date by Ensure.
#include "libs/queue/review_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "tests/harness/redis.h"

namespace briefdesk::queue {
namespace {

using briefdesk::testing::TestRedis;

QueuedTask Task(const std::string& id, int64_t position,
                const std::string& topic,
                std::vector<std::string> authors = {"author"},
                std::string round = "") {
  return {id, position, topic, std::move(authors),
          round.empty() ? "brief-" + id + ":1" : round};
}

class ReviewQueueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { redis_ = new TestRedis(); }
  static void TearDownTestSuite() { delete redis_; }
  void SetUp() override { redis_->Cli("FLUSHALL"); }

  std::string ClaimId(const std::string& expert,
                      const std::vector<std::string>& topics) {
    auto c = queue_.Claim(expert, topics);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() && c->has_value() ? (*c)->id : "";
  }
  void AddAll(const std::vector<QueuedTask>& tasks) {
    for (const auto& t : tasks) ASSERT_TRUE(queue_.Add(t).ok());
  }

  static TestRedis* redis_;
  ReviewQueue queue_{"127.0.0.1", redis_->port()};
};
TestRedis* ReviewQueueTest::redis_ = nullptr;

TEST_F(ReviewQueueTest, OldestEligibleFirst) {
  AddAll({Task("c", 30, "a"), Task("a", 10, "b"), Task("b", 20, "a")});
  EXPECT_EQ(ClaimId("e1", {}), "a");  // any topic: the oldest of all
  EXPECT_EQ(ClaimId("e2", {"a", "b"}), "b");
  EXPECT_EQ(ClaimId("e3", {"b", "a"}), "c");
  EXPECT_EQ(ClaimId("e4", {}), "");
  EXPECT_EQ(*queue_.Depth(), 0);
}

TEST_F(ReviewQueueTest, OnlyTheExpertsTopics) {
  AddAll({Task("x", 1, "other"), Task("y", 2, "mine")});
  EXPECT_EQ(ClaimId("e", {"mine"}), "y");
  EXPECT_EQ(ClaimId("e2", {"mine", "third"}), "");
  EXPECT_EQ(*queue_.Depth(), 1);
}

TEST_F(ReviewQueueTest, NeverABriefTheyCoAuthored) {
  AddAll({Task("own", 1, "t", {"alice", "bob"}), Task("theirs", 2, "t")});
  EXPECT_EQ(ClaimId("bob", {"t"}), "theirs");
  EXPECT_EQ(ClaimId("bob", {}), "");
  EXPECT_EQ(ClaimId("carol", {}), "own");
}

TEST_F(ReviewQueueTest, OneTaskOfARoundPerExpert) {
  AddAll({Task("r1", 1, "t", {"a"}, "b:1"), Task("r2", 2, "t", {"a"}, "b:1"),
          Task("next", 3, "t")});
  EXPECT_EQ(ClaimId("e", {"t"}), "r1");
  EXPECT_EQ(ClaimId("e", {"t"}), "next");  // r2 is of the same round
  EXPECT_EQ(ClaimId("f", {"t"}), "r2");
}

TEST_F(ReviewQueueTest, UnclaimPutsTheTaskBackWhereItWas) {
  AddAll({Task("old", 1, "t", {"a"}, "b:1"), Task("young", 2, "t")});
  auto c = queue_.Claim("e", {"t"});
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->id, "old");
  ASSERT_TRUE(queue_.Unclaim(**c, "e").ok());
  // Back at the head, and the round no longer counts it as e's.
  EXPECT_EQ(ClaimId("f", {}), "old");
  ASSERT_TRUE(queue_.Unclaim(**c, "e").ok());
  ASSERT_TRUE(queue_.Add(Task("sibling", 3, "t", {"a"}, "b:1")).ok());
  EXPECT_EQ(ClaimId("e", {"t"}), "old");
  EXPECT_EQ(ClaimId("e", {"t"}), "young");  // sibling: e holds old of b:1
}

TEST_F(ReviewQueueTest, RemoveTakesTheTaskOutOfEverySet) {
  AddAll({Task("gone", 1, "t"), Task("kept", 2, "t")});
  ASSERT_TRUE(queue_.Remove("gone").ok());
  EXPECT_EQ(ClaimId("e", {"t"}), "kept");
  EXPECT_EQ(redis_->Cli("ZCARD bd:queue:topic:t"), "0\n");
  EXPECT_EQ(redis_->Cli("EXISTS bd:task:gone"), "0\n");
}

TEST_F(ReviewQueueTest, ConcurrentClaimsNeverHandOutATaskTwice) {
  std::vector<QueuedTask> tasks;
  for (int i = 0; i < 600; ++i) {
    tasks.push_back(Task("t" + std::to_string(i), i, i % 2 ? "a" : "b"));
  }
  ASSERT_EQ(*queue_.Ensure(tasks), 600);
  std::mutex mu;
  std::multiset<std::string> got;
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      ReviewQueue mine("127.0.0.1", redis_->port());
      std::vector<std::string> topics;
      if (w % 3 == 1) topics = {"a"};
      if (w % 3 == 2) topics = {"a", "b"};
      for (;;) {
        auto c = mine.Claim("expert" + std::to_string(w), topics);
        ASSERT_TRUE(c.ok());
        if (!c->has_value()) return;
        std::lock_guard lock(mu);
        got.insert((*c)->id);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(got.size(), 600u);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), 600u);
}

// The median time of `n` claims by a topic expert, each of a task behind
// every queued task of another topic.
double MedianClaimMicros(ReviewQueue& q, int n) {
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(
        q.Add(Task("mine" + std::to_string(i), 1000000 + i, "mine")).ok());
    auto start = std::chrono::steady_clock::now();
    auto c = q.Claim("e" + std::to_string(i), {"mine"});
    us.push_back(std::chrono::duration<double, std::micro>(
                     std::chrono::steady_clock::now() - start)
                     .count());
    EXPECT_TRUE(c.ok() && c->has_value());
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

TEST_F(ReviewQueueTest, ClaimCostDoesNotGrowWithOtherTopicsTasks) {
  std::vector<QueuedTask> others;
  for (int i = 0; i < 100; ++i) {
    others.push_back(Task("o" + std::to_string(i), i, "other"));
  }
  ASSERT_TRUE(queue_.Ensure(others).ok());
  double shallow = MedianClaimMicros(queue_, 300);
  for (int i = 100; i < 100000; ++i) {
    others.push_back(Task("o" + std::to_string(i), i, "other"));
  }
  ASSERT_TRUE(queue_.Ensure(others).ok());
  ASSERT_EQ(*queue_.Depth(), 100000);
  double deep = MedianClaimMicros(queue_, 300);
  RecordProperty("shallow_us", std::to_string(shallow));
  RecordProperty("deep_us", std::to_string(deep));
  // Generous for a shared machine; scanning 100,000 would be 100 times.
  EXPECT_LT(deep, 2.0 * shallow + 50) << shallow << " vs " << deep;
}

TEST_F(ReviewQueueTest, EnsureBringsAnOldLayoutUpToDate) {
  // What a version with bd:queue only left behind.
  redis_->Cli("HSET bd:task:old topic t authors ,a, round b:1");
  redis_->Cli("ZADD bd:queue 5 old");
  redis_->Cli("ZADD bd:queue:topic:t 1 stale");  // claimed by an old version
  EXPECT_EQ(ClaimId("e", {"t"}), "");            // not in its topic set yet
  auto added = queue_.Ensure({Task("old", 5, "t", {"a"}, "b:1")});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 0);  // bd:queue had it
  EXPECT_EQ(ClaimId("e", {"t"}), "old");
  EXPECT_EQ(redis_->Cli("ZCARD bd:queue:topic:t"), "0\n");  // stale dropped
  // In step, Ensure writes nothing.
  ASSERT_TRUE(queue_.Add(Task("new", 6, "t")).ok());
  auto dirty = [] {
    std::string info = redis_->Cli("INFO persistence");
    size_t at = info.find("rdb_changes_since_last_save:");
    return info.substr(at, info.find('\r', at) - at);
  };
  std::string before = dirty();
  EXPECT_EQ(*queue_.Ensure({Task("new", 6, "t")}), 0);
  EXPECT_EQ(dirty(), before);
}

}  // namespace
}  // namespace briefdesk::queue
