// Notifications over real HTTP with every service: each person's inbox holds
// exactly the expected notifications, in order; follow-ups after
// publication fire on schedule (seconds here) and stop after the count.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_FOLLOWUP_INTERVAL_SECONDS", "2"},
                        {"BRIEFDESK_FOLLOWUP_COUNT", "3"}};
  Stack::Configure(o);
  return true;
}();

class NotificationsTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});
  std::string topic = "notify-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");

  // The events of a person's notifications about one brief, oldest first.
  std::vector<std::string> Inbox(const User& u, const std::string& brief,
                                 const std::string& query = "") {
    HttpResponse r = api.Call("GET", "/v1/notifications?pageSize=100" + query, u.key);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    std::vector<std::string> out;
    for (const auto& n : v.at("notifications").as_array()) {
      if (Str(n, "briefId") == brief) out.insert(out.begin(), Str(n, "event"));
    }
    return out;
  }
  bool WaitInbox(const User& u, const std::string& brief, size_t n, int seconds = 15) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (Inbox(u, brief).size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string Publish() {
    auto b = api.NewBrief(author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
    std::string id = Str(b, "id");
    EXPECT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status, 200);
    HttpResponse claim = api.ClaimWithin(expert);
    EXPECT_EQ(claim.status, 200);
    EXPECT_EQ(api.Complete(expert, claim, "APPROVE").status, 200);
    EXPECT_TRUE(api.WaitForState(id, "APPROVED"));
    EXPECT_EQ(api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key).status, 200);
    return id;
  }
};

TEST_F(NotificationsTest, EachPersonGetsExactlyTheirNotificationsInOrder) {
  std::string id = Publish();
  ASSERT_TRUE(WaitInbox(expert, id, 2));
  ASSERT_TRUE(WaitInbox(editor, id, 2));
  // Nobody is told of their own action.
  EXPECT_EQ(Inbox(author, id), (std::vector<std::string>{
                                   "brief.review_started", "brief.approved",
                                   "brief.published"}));
  EXPECT_EQ(Inbox(expert, id),
            (std::vector<std::string>{"brief.approved", "brief.published"}));
  EXPECT_EQ(Inbox(editor, id),
            (std::vector<std::string>{"brief.submitted", "brief.approved"}));
  // Words a person can read.
  HttpResponse r = api.Call("GET", "/v1/notifications?pageSize=100", author.key);
  const boost::json::value v = r.Json();
  bool found = false;
  for (const auto& n : v.at("notifications").as_array()) {
    if (Str(n, "briefId") == id && Str(n, "event") == "brief.published") {
      found = true;
      EXPECT_EQ(Str(n, "title"), "Brief published");
      EXPECT_NE(Str(n, "body").find("is published"), std::string::npos);
      EXPECT_FALSE(Str(n, "createTime").empty());
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(NotificationsTest, MarkReadIsTheOwnersAlone) {
  std::string id = Publish();
  ASSERT_TRUE(WaitInbox(expert, id, 2));
  HttpResponse r = api.Call("GET", "/v1/notifications?unread=true&pageSize=100", expert.key);
  const boost::json::value v = r.Json();
  std::string nid;
  for (const auto& n : v.at("notifications").as_array()) {
    if (Str(n, "briefId") == id) nid = Str(n, "id");
  }
  ASSERT_FALSE(nid.empty());
  EXPECT_EQ(api.Call("POST", "/v1/notifications/" + nid + ":read", author.key).status, 404);
  HttpResponse read = api.Call("POST", "/v1/notifications/" + nid + ":read", expert.key);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(Str(read.Json(), "readTime").empty());
  EXPECT_EQ(Inbox(expert, id, "&unread=true").size(), 1u);
  EXPECT_EQ(Inbox(expert, id).size(), 2u);
  EXPECT_EQ(api.Call("GET", "/v1/notifications", "").status, 401);
}

TEST_F(NotificationsTest, FollowUpsFireOnScheduleAndStopAfterTheCount) {
  std::string id = Publish();
  auto followups = [&] {
    int n = 0;
    for (const auto& e : Inbox(author, id)) n += e == "followup.due";
    return n;
  };
  auto start = std::chrono::steady_clock::now();
  while (followups() < 3 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(followups(), 3);
  EXPECT_GE(took, 4.0);  // the third is due 6 s after publication
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(followups(), 3) << "a fourth follow-up came";
}

TEST_F(NotificationsTest, RetractionCancelsTheFollowUps) {
  std::string id = Publish();
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":retract", editor.key,
                     R"({"reason":"figures were wrong"})").status, 200);
  ASSERT_TRUE(WaitInbox(author, id, 4));  // ... published, retracted
  std::this_thread::sleep_for(std::chrono::seconds(5));
  for (const auto& e : Inbox(author, id)) EXPECT_NE(e, "followup.due");
  EXPECT_EQ(Inbox(author, id).back(), "brief.retracted");
}

}  // namespace
}  // namespace briefdesk::testing
