// Scheduled notifications of the review path: the claimant is reminded
// before the lease ends (again after a renewal), and editors are alerted
// once when a task waits in the queue longer than the alert age.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.review_env = {{"BRIEFDESK_LEASE_SECONDS", "4"},
                  {"BRIEFDESK_LEASE_REMINDER_SECONDS", "3"},
                  {"BRIEFDESK_QUEUE_ALERT_SECONDS", "1"},
                  {"BRIEFDESK_LEASE_SWEEP_MS", "100"}};
  Stack::Configure(o);
  return true;
}();

class RemindersTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});

  int Count(const User& u, const std::string& event, const std::string& brief) {
    HttpResponse r = api.Call("GET", "/v1/notifications?pageSize=100", u.key);
    const boost::json::value v = r.Json();
    int n = 0;
    for (const auto& x : v.at("notifications").as_array()) {
      n += Str(x, "event") == event && Str(x, "briefId") == brief;
    }
    return n;
  }
  bool WaitCount(const User& u, const std::string& event,
                 const std::string& brief, int n, int seconds) {
    auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (Count(u, event, brief) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

TEST_F(RemindersTest, ClaimantIsRemindedBeforeTheLeaseEnds) {
  User expert = api.NewUser({"EXPERT"}, R"(["reminded"])");
  auto b =
      api.NewBrief(author, R"("topic":"reminded",)" + Api::CompleteSections());
  std::string id = Str(b, "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200);
  ASSERT_TRUE(WaitCount(expert, "review.lease_ending", id, 1, 5));
  // A renewal re-arms the reminder.
  HttpResponse renewed = api.Call(
      "POST", "/v1/reviews/" + Str(claim.Json().at("task"), "id") + ":renew",
      expert.key,
      R"({"claimToken":")" + Str(claim.Json().at("task"), "claimToken") +
          "\"}");
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  ASSERT_TRUE(WaitCount(expert, "review.lease_ending", id, 2, 5));
  // Left alone, the lease ends, and the expert is told.
  ASSERT_TRUE(WaitCount(expert, "review.expired", id, 1, 8));
  EXPECT_EQ(Count(expert, "review.lease_ending", id), 2);
}

TEST_F(RemindersTest, EditorsAreAlertedOnceWhenATaskWaitsTooLong) {
  User editor = api.NewUser({"EDITOR"});
  // No expert reviews this topic: the task waits.
  auto b = api.NewBrief(
      author, R"("topic":"nobody-reviews-this",)" + Api::CompleteSections());
  std::string id = Str(b, "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  ASSERT_TRUE(WaitCount(editor, "review.queue_stale", id, 1, 10));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Count(editor, "review.queue_stale", id), 1);
  HttpResponse r =
      api.Call("GET", "/v1/notifications?pageSize=100", editor.key);
  EXPECT_NE(r.body.find("waited in the review queue"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::testing
