// Faults in the review path, each done for real: Redis killed and restarted
// on its append-only file, Redis emptied (FLUSHALL), and the review and
// briefs services killed with SIGKILL in the middle of the flow. Nothing is
// lost, nothing applied twice, no brief left in a state its tasks
// contradict.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.review_env = {{"BRIEFDESK_RECONCILE_SECONDS", "1"}};
  Stack::Configure(o);
  return true;
}();

int QueueLength(Stack& s) {
  return std::atoi(s.RedisCli("ZCARD bd:queue").c_str());
}

int64_t Count(Stack& s, const std::string& db, const std::string& sql) {
  pqxx::connection conn(s.DatabaseUrl(db));
  pqxx::nontransaction tx(conn);
  return tx.exec(sql)[0][0].as<int64_t>();
}

class ReviewFaultsTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  std::string topic = "faults-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");

  std::vector<std::string> SubmitMany(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      auto b = api.NewBrief(
          author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
      ids.push_back(Str(b, "id"));
      EXPECT_EQ(
          api.Call("POST", "/v1/briefs/" + ids.back() + ":submit", author.key)
              .status,
          200);
    }
    return ids;
  }
  int QueuedInDb() {
    return static_cast<int>(
        Count(api.stack(), "review",
              "SELECT count(*) FROM tasks WHERE state = 'QUEUED' "
              "AND topic = '" +
                  topic + "'"));
  }
  bool WaitQueued(int n, int seconds = 20) {
    auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (QueuedInDb() == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Claims and approves until `n` reviews are done; returns how many.
  int ReviewAll(int n) {
    int done = 0;
    for (int i = 0; i < n; ++i) {
      HttpResponse c = api.ClaimWithin(expert, 20);
      if (c.status != 200) break;
      if (api.Complete(expert, c, "APPROVE").status == 200) ++done;
    }
    return done;
  }
  // Every brief of this test: the number of startReview and concludeRound
  // transitions, which must be one each.
  void ExpectEachAppliedOnce(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      HttpResponse h =
          api.Call("GET", "/v1/briefs/" + id + "/history", author.key);
      const boost::json::value v = h.Json();
      int started = 0, concluded = 0;
      for (const auto& t : v.at("transitions").as_array()) {
        started += Str(t, "action") == "startReview";
        concluded += Str(t, "action") == "concludeRound";
      }
      EXPECT_EQ(started, 1) << id;
      EXPECT_EQ(concluded, 1) << id;
    }
  }
};

TEST_F(ReviewFaultsTest, RedisRestartedOnItsAppendOnlyFileLosesNoTask) {
  std::vector<std::string> ids = SubmitMany(5);
  ASSERT_TRUE(WaitQueued(5));
  int before = QueueLength(api.stack());
  ASSERT_GE(before, 5);
  // With the review service down, only Redis's own file can bring the queue
  // back.
  api.stack().KillReview(SIGKILL);
  api.stack().KillRedis(SIGKILL);
  api.stack().StartRedis();
  EXPECT_EQ(QueueLength(api.stack()), before);
  api.stack().StartReview();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(ReviewAll(5), 5);
  for (const auto& id : ids)
    EXPECT_TRUE(api.WaitForState(id, "APPROVED")) << id;
}

TEST_F(ReviewFaultsTest, FlushallIsRepairedByReconciliation) {
  std::vector<std::string> ids = SubmitMany(3);
  ASSERT_TRUE(WaitQueued(3));
  api.stack().RedisCli("FLUSHALL");
  EXPECT_EQ(QueueLength(api.stack()), 0);
  // The periodic reconciliation (1 s here) rebuilds the queue from the
  // database while the service runs.
  EXPECT_EQ(ReviewAll(3), 3);
  for (const auto& id : ids)
    EXPECT_TRUE(api.WaitForState(id, "APPROVED")) << id;
}

TEST_F(ReviewFaultsTest, FlushallThenRestartRebuildsAtStart) {
  SubmitMany(3);
  ASSERT_TRUE(WaitQueued(3));
  api.stack().KillReview(SIGKILL);
  api.stack().RedisCli("FLUSHALL");
  api.stack().StartReview();
  ASSERT_TRUE(api.stack().WaitReady());
  // Rebuilt before the service answered its first request.
  EXPECT_GE(QueueLength(api.stack()), 3);
  EXPECT_EQ(ReviewAll(3), 3);
}

TEST_F(ReviewFaultsTest, ReviewServiceKilledMidFlowLosesAndRepeatsNothing) {
  std::vector<std::string> ids = SubmitMany(6);
  // Killed while brief.submitted events are being delivered.
  api.stack().KillReview(SIGKILL);
  api.stack().StartReview();
  ASSERT_TRUE(api.stack().WaitReady());
  ASSERT_TRUE(WaitQueued(6)) << "queued: " << QueuedInDb();
  // Killed again right after reviews were acknowledged, before their events
  // reached the briefs service.
  EXPECT_EQ(ReviewAll(3), 3);
  api.stack().KillReview(SIGKILL);
  api.stack().StartReview();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(ReviewAll(3), 3);
  for (const auto& id : ids)
    EXPECT_TRUE(api.WaitForState(id, "APPROVED")) << id;
  ExpectEachAppliedOnce(ids);
  // One round, one task, one review per brief: no event applied twice.
  EXPECT_EQ(Count(api.stack(), "review",
                  "SELECT count(*) FROM tasks WHERE topic = '" + topic + "'"),
            6);
  EXPECT_EQ(
      Count(api.stack(), "review",
            "SELECT count(*) FROM reviews r JOIN tasks t ON t.id = r.task_id "
            "WHERE t.topic = '" +
                topic + "'"),
      6);
}

TEST_F(ReviewFaultsTest, BriefsServiceKilledMidFlowLosesAndRepeatsNothing) {
  // Submissions while the briefs service is killed: the acknowledged ones
  // must each get exactly one round; the others stay drafts or are
  // submitted with their round, never in between.
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    ids.push_back(Str(api.NewBrief(author, R"("topic":")" + topic + "\"," +
                                               Api::CompleteSections()),
                      "id"));
  }
  std::set<std::string> acked;
  std::thread killer;
  for (size_t i = 0; i < ids.size(); ++i) {
    // The kill races the fourth submission; the later ones find no service.
    if (i == 3) killer = std::thread([&] { api.stack().KillBriefs(SIGKILL); });
    if (api.Call("POST", "/v1/briefs/" + ids[i] + ":submit", author.key)
            .status == 200) {
      acked.insert(ids[i]);
    }
  }
  killer.join();
  EXPECT_GE(acked.size(), 3u);
  EXPECT_LT(acked.size(), ids.size()) << "the kill came after every submission";
  api.stack().StartBriefs();
  ASSERT_TRUE(api.stack().WaitReady());
  for (const auto& id : ids) {
    if (!acked.count(id)) {
      HttpResponse b = api.Call("GET", "/v1/briefs/" + id, author.key);
      if (Str(b.Json(), "state") == "DRAFT") {
        ASSERT_EQ(
            api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
      }
    }
  }
  // Killed again after reviews, while review events flow to it.
  EXPECT_EQ(ReviewAll(4), 4);
  api.stack().KillBriefs(SIGKILL);
  api.stack().StartBriefs();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(ReviewAll(4), 4);
  for (const auto& id : ids)
    EXPECT_TRUE(api.WaitForState(id, "APPROVED")) << id;
  ExpectEachAppliedOnce(ids);
  EXPECT_EQ(Count(api.stack(), "review",
                  "SELECT count(*) FROM tasks WHERE topic = '" + topic + "'"),
            8);
  // Every event the briefs service wrote was delivered.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Count(api.stack(), "briefs",
               "SELECT count(*) FROM outbox WHERE deliver_time IS NULL") > 0 &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Count(api.stack(), "briefs",
                  "SELECT count(*) FROM outbox WHERE deliver_time IS NULL"),
            0);
}

}  // namespace
}  // namespace briefdesk::testing
