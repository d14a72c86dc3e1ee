// 200 tasks, 8 experts claiming and completing in parallel over real Redis:
// every task reviewed exactly once, none lost, no expert ever given a task
// it is not eligible for, never two holders of one task.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

struct Expert {
  User user;
  std::set<std::string> topics;  // empty: any topic
};

struct Claimed {
  std::string task, brief, topic, expert;
};

TEST(ReviewConcurrencyTest, TwoHundredTasksEightExperts) {
  Api api;
  constexpr int kBriefs = 200;
  // Two experts also write briefs: they must never get their own.
  std::vector<User> authors;
  for (int i = 0; i < 4; ++i) authors.push_back(api.NewUser({"PARTICIPANT"}));
  std::vector<Expert> experts;
  for (int i = 0; i < 3; ++i) {
    experts.push_back({api.NewUser({"EXPERT"}, R"(["conc-a"])"), {"conc-a"}});
    experts.push_back({api.NewUser({"EXPERT"}, R"(["conc-b"])"), {"conc-b"}});
  }
  for (int i = 0; i < 2; ++i) {
    User both = api.NewUser({"EXPERT", "PARTICIPANT"});
    experts.push_back({both, {}});
    authors.push_back(both);
  }

  std::map<std::string, std::pair<std::string, std::string>>
      briefs;  // id -> topic, author
  std::mutex mu;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      Api mine;
      for (int i = w; i < kBriefs; i += 4) {
        const User& author = authors[i % authors.size()];
        std::string topic = i % 2 ? "conc-a" : "conc-b";
        auto b = mine.NewBrief(
            author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
        std::string id = Str(b, "id");
        HttpResponse s =
            mine.Call("POST", "/v1/briefs/" + id + ":submit", author.key);
        EXPECT_EQ(s.status, 200);
        std::lock_guard lock(mu);
        briefs[id] = {topic, author.id};
      }
    });
  }
  for (auto& t : writers) t.join();
  ASSERT_EQ(briefs.size(), size_t(kBriefs));

  std::vector<Claimed> claims;
  std::atomic<int> completed{0}, failures{0};
  std::vector<std::thread> reviewers;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  for (const Expert& e : experts) {
    reviewers.emplace_back([&, e] {
      Api mine;
      while (completed < kBriefs &&
             std::chrono::steady_clock::now() < deadline) {
        HttpResponse claim = mine.Call("POST", "/v1/reviews:claim", e.user.key);
        if (claim.status == 204) {  // nothing for me now: events may still flow
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        if (claim.status != 200) {
          ++failures;
          ADD_FAILURE() << "claim: " << claim.status << " " << claim.body;
          continue;
        }
        const boost::json::value c = claim.Json();
        Claimed got{Str(c.at("task"), "id"), Str(c.at("task"), "briefId"),
                    Str(c.at("task"), "topic"), e.user.id};
        {
          std::lock_guard lock(mu);
          claims.push_back(got);
        }
        HttpResponse done = mine.Complete(e.user, claim, "APPROVE");
        if (done.status == 200) {
          ++completed;
        } else {
          ++failures;
          ADD_FAILURE() << "complete: " << done.status << " " << done.body;
        }
      }
    });
  }
  for (auto& t : reviewers) t.join();

  EXPECT_EQ(failures, 0);
  EXPECT_EQ(completed, kBriefs);
  std::set<std::string> tasks, reviewed_briefs;
  std::map<std::string, int> per_expert;
  for (const Claimed& c : claims) {
    EXPECT_TRUE(tasks.insert(c.task).second)
        << "task " << c.task << " held twice";
    reviewed_briefs.insert(c.brief);
    ++per_expert[c.expert];
    const auto& [topic, author] = briefs.at(c.brief);
    EXPECT_EQ(c.topic, topic);
    EXPECT_NE(c.expert, author) << "an expert got their own brief";
    for (const Expert& e : experts) {
      if (e.user.id == c.expert && !e.topics.empty()) {
        EXPECT_TRUE(e.topics.count(topic))
            << "topic " << topic << " not theirs";
      }
    }
  }
  EXPECT_EQ(tasks.size(), size_t(kBriefs));
  EXPECT_EQ(reviewed_briefs.size(), size_t(kBriefs));
  EXPECT_GE(per_expert.size(), 6u) << "the work was not shared";

  // Every brief ends APPROVED with exactly one review; the queue is empty.
  for (const auto& [id, meta] : briefs) {
    ASSERT_TRUE(api.WaitForState(id, "APPROVED")) << id;
    HttpResponse r = api.Call("GET", "/v1/briefs/" + id + "/reviews",
                              api.stack().admin_key());
    EXPECT_EQ(r.Json().at("reviews").as_array().size(), 1u) << id;
  }
  HttpResponse q = api.Call("GET", "/v1/queue", api.stack().admin_key());
  EXPECT_EQ(q.Json().at("queued").as_int64(), 0) << q.body;
  EXPECT_EQ(q.Json().at("activeLeases").as_int64(), 0) << q.body;
}

}  // namespace
}  // namespace briefdesk::testing
