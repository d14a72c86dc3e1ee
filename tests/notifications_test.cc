// Notifications over real HTTP with every service: each person's inbox holds
// exactly the expected notifications, in order; follow-ups after
// publication fire on schedule (seconds here) and stop after the count.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/sse_client.h"

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
    HttpResponse r =
        api.Call("GET", "/v1/notifications?pageSize=100" + query, u.key);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    std::vector<std::string> out;
    for (const auto& n : v.at("notifications").as_array()) {
      if (Str(n, "briefId") == brief) out.insert(out.begin(), Str(n, "event"));
    }
    return out;
  }
  bool WaitInbox(const User& u, const std::string& brief, size_t n,
                 int seconds = 15) {
    auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (Inbox(u, brief).size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string Publish() {
    auto b = api.NewBrief(
        author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
    std::string id = Str(b, "id");
    EXPECT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
        200);
    HttpResponse claim = api.ClaimWithin(expert);
    EXPECT_EQ(claim.status, 200);
    EXPECT_EQ(api.Complete(expert, claim, "APPROVE").status, 200);
    EXPECT_TRUE(api.WaitForState(id, "APPROVED"));
    EXPECT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key).status,
        200);
    return id;
  }
};

// The editorial path of the review issue: submit, request changes, revise,
// resubmit, approve, publish. Each person's inbox, and an SSE stream each
// opened before it all, hold exactly their notifications, in order.
TEST_F(NotificationsTest, EditorialPathNotifiesEachPersonExactlyInOrder) {
  auto sse = [&](const User& u) {
    return std::make_unique<SseClient>(api.stack().http_port(), u.key);
  };
  auto author_stream = sse(author), expert_stream = sse(expert),
       editor_stream = sse(editor);
  auto b = api.NewBrief(
      author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
  std::string id = Str(b, "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  HttpResponse first = api.ClaimWithin(expert);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(
      api.Complete(expert, first, "REQUEST_CHANGES",
                   R"([{"section":"evidence","body":"Cite the survey."}])")
          .status,
      200);
  ASSERT_TRUE(api.WaitForState(id, "CHANGES_REQUESTED"));
  ASSERT_EQ(api.Edit(author, id,
                     R"({"sections":{"evidence":"The 2021 ILO survey."}})")
                .status,
            200);
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  HttpResponse second = api.ClaimWithin(expert);
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(api.Complete(expert, second, "APPROVE").status, 200);
  ASSERT_TRUE(api.WaitForState(id, "APPROVED"));
  ASSERT_EQ(
      api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key).status,
      200);

  // Nobody is told of their own action.
  const std::vector<std::string> author_wants = {
      "brief.review_started", "brief.changes_requested", "brief.review_started",
      "brief.approved", "brief.published"};
  const std::vector<std::string> expert_wants = {
      "brief.changes_requested", "brief.approved", "brief.published"};
  const std::vector<std::string> editor_wants = {
      "brief.submitted", "brief.submitted", "brief.approved"};
  ASSERT_TRUE(WaitInbox(author, id, author_wants.size()));
  ASSERT_TRUE(WaitInbox(expert, id, expert_wants.size()));
  ASSERT_TRUE(WaitInbox(editor, id, editor_wants.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // nothing more
  EXPECT_EQ(Inbox(author, id), author_wants);
  EXPECT_EQ(Inbox(expert, id), expert_wants);
  EXPECT_EQ(Inbox(editor, id), editor_wants);

  auto streamed = [&](SseClient& s, size_t n) {
    std::vector<std::string> out;
    for (const auto& e : s.ReadEvents(n, std::chrono::seconds(10))) {
      if (Str(boost::json::parse(e.data), "briefId") == id)
        out.push_back(e.event);
    }
    return out;
  };
  EXPECT_EQ(streamed(*author_stream, author_wants.size()), author_wants);
  EXPECT_EQ(streamed(*expert_stream, expert_wants.size()), expert_wants);
  EXPECT_EQ(streamed(*editor_stream, editor_wants.size()), editor_wants);

  // Words a person can read.
  HttpResponse r =
      api.Call("GET", "/v1/notifications?pageSize=100", author.key);
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

// Newest first in pages of two: every notification once, in order, the
// last page without a token.
TEST_F(NotificationsTest, TheInboxListsInPages) {
  std::vector<std::string> briefs;
  for (int i = 0; i < 5; ++i) {
    briefs.push_back(Str(api.SubmittedBrief(author), "id"));
  }
  for (const std::string& id : briefs) ASSERT_TRUE(WaitInbox(editor, id, 1));
  HttpResponse all =
      api.Call("GET", "/v1/notifications?pageSize=100", editor.key);
  ASSERT_EQ(all.status, 200);
  const boost::json::value snapshot = all.Json();
  std::vector<std::string> expected;
  for (const auto& n : snapshot.at("notifications").as_array()) {
    expected.push_back(Str(n, "id"));
  }
  ASSERT_GE(expected.size(), 5u);
  std::vector<std::string> walked;
  std::string token;
  do {
    HttpResponse r = api.Call(
        "GET", "/v1/notifications?pageSize=2&pageToken=" + token, editor.key);
    ASSERT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    for (const auto& n : v.at("notifications").as_array()) {
      walked.push_back(Str(n, "id"));
    }
    token = Str(v, "nextPageToken");
  } while (!token.empty() && walked.size() <= expected.size() + 10);
  // Notifications that came in meanwhile are on top: the snapshot is the
  // walk's tail.
  ASSERT_GE(walked.size(), expected.size());
  EXPECT_EQ(
      std::vector<std::string>(walked.end() - expected.size(), walked.end()),
      expected);
  HttpResponse bad =
      api.Call("GET", "/v1/notifications?pageToken=not-a-token", editor.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageToken") << bad.body;
}

TEST_F(NotificationsTest, MarkReadIsTheOwnersAlone) {
  std::string id = Publish();
  ASSERT_TRUE(WaitInbox(expert, id, 2));
  HttpResponse r =
      api.Call("GET", "/v1/notifications?unread=true&pageSize=100", expert.key);
  const boost::json::value v = r.Json();
  std::string nid;
  for (const auto& n : v.at("notifications").as_array()) {
    if (Str(n, "briefId") == id) nid = Str(n, "id");
  }
  ASSERT_FALSE(nid.empty());
  EXPECT_EQ(
      api.Call("POST", "/v1/notifications/" + nid + ":read", author.key).status,
      404);
  HttpResponse read =
      api.Call("POST", "/v1/notifications/" + nid + ":read", expert.key);
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
  double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(followups(), 3);
  EXPECT_GE(took, 4.0);  // the third is due 6 s after publication
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(followups(), 3) << "a fourth follow-up came";
}

TEST_F(NotificationsTest, RetractionCancelsTheFollowUps) {
  std::string id = Publish();
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":retract", editor.key,
                     R"({"reason":"figures were wrong"})")
                .status,
            200);
  ASSERT_TRUE(WaitInbox(author, id, 4));  // ... published, retracted
  std::this_thread::sleep_for(std::chrono::seconds(5));
  for (const auto& e : Inbox(author, id)) EXPECT_NE(e, "followup.due");
  EXPECT_EQ(Inbox(author, id).back(), "brief.retracted");
}

}  // namespace
}  // namespace briefdesk::testing
