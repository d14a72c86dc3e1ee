// The editorial path end to end over real HTTP, with every service, real
// PostgreSQL and real Redis: draft, submit, claim, request changes with
// anchored comments, revise, resubmit, claim again with the diff since the
// last reviewed revision, approve, publish; rounds of two reviews.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.review_env = {{"BRIEFDESK_REVIEWS_PER_ROUND_BY_TOPIC", "two-reviews=2"}};
  Stack::Configure(o);
  return true;
}();

class ReviewFlowTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});

  std::vector<std::string> History(const std::string& id) {
    HttpResponse h =
        api.Call("GET", "/v1/briefs/" + id + "/history", author.key);
    const boost::json::value v = h.Json();
    std::vector<std::string> out;
    for (const auto& t : v.at("transitions").as_array()) {
      out.push_back(Str(t, "action") + ">" + Str(t, "to"));
    }
    return out;
  }
};

TEST_F(ReviewFlowTest, DraftToPublicationThroughTwoRounds) {
  User expert = api.NewUser({"EXPERT"}, R"(["social-protection"])");
  auto b = api.NewBrief(author, Api::CompleteSections());
  std::string id = Str(b, "id");
  // An expert may not see a draft it has no task on.
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, expert.key).status, 404);
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);

  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200) << claim.body;
  auto c = claim.Json();
  EXPECT_EQ(Str(c.at("task"), "briefId"), id);
  EXPECT_EQ(Str(c.at("task"), "state"), "CLAIMED");
  EXPECT_EQ(Str(c.at("task"), "claimedBy"), expert.id);
  EXPECT_FALSE(Str(c.at("task"), "claimToken").empty());
  EXPECT_EQ(c.at("brief").at("revision").as_int64(), 1);
  EXPECT_EQ(
      Str(c.at("brief").at("sections"), "evidence"),
      "In 2021 surveys, most platform workers had no income during lockdowns.");
  EXPECT_TRUE(c.at("check").at("errors").as_array().empty());
  EXPECT_FALSE(c.as_object().contains("diff"));  // a first review
  ASSERT_TRUE(api.WaitForState(id, "IN_REVIEW"));
  // Holding a task lets the expert see the brief.
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, expert.key).status, 200);

  HttpResponse changes = api.Complete(
      expert, claim, "REQUEST_CHANGES",
      R"([{"section":"evidence","quote":"most platform workers","body":"Cite the survey."},
          {"section":"recommendations","body":"Say who pays."}])");
  ASSERT_EQ(changes.status, 200) << changes.body;
  EXPECT_EQ(Str(changes.Json(), "decision"), "REQUEST_CHANGES");
  EXPECT_EQ(changes.Json().at("comments").as_array().size(), 2u);
  ASSERT_TRUE(api.WaitForState(id, "CHANGES_REQUESTED"));

  // The author reads the review without the reviewer's identity; the editor
  // sees it.
  HttpResponse mine =
      api.Call("GET", "/v1/briefs/" + id + "/reviews", author.key);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const boost::json::value reviews = mine.Json();
  ASSERT_EQ(reviews.at("reviews").as_array().size(), 1u);
  const auto& review = reviews.at("reviews").as_array()[0];
  EXPECT_EQ(Str(review, "reviewerId"), "");
  EXPECT_EQ(Str(review.at("comments").as_array()[0], "quote"),
            "most platform workers");
  HttpResponse editors =
      api.Call("GET", "/v1/briefs/" + id + "/reviews", editor.key);
  EXPECT_EQ(Str(editors.Json().at("reviews").as_array()[0], "reviewerId"),
            expert.id);

  ASSERT_EQ(
      api.Edit(
             author, id,
             R"({"sections":{"evidence":"The 2021 ILO survey of 12,000 platform workers found most had no income."}})")
          .status,
      200);
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);

  HttpResponse again = api.ClaimWithin(expert);
  ASSERT_EQ(again.status, 200) << again.body;
  auto a = again.Json();
  EXPECT_EQ(a.at("task").at("round").as_int64(), 2);
  EXPECT_EQ(a.at("brief").at("revision").as_int64(), 2);
  ASSERT_TRUE(a.as_object().contains("diff"));
  EXPECT_EQ(a.at("diff").at("from").as_int64(), 1);
  EXPECT_EQ(a.at("diff").at("to").as_int64(), 2);
  for (const auto& f : a.at("diff").at("fields").as_array()) {
    EXPECT_EQ(f.at("changed").as_bool(), Str(f, "field") == "evidence")
        << Str(f, "field");
  }
  ASSERT_EQ(api.Complete(expert, again, "APPROVE").status, 200);
  ASSERT_TRUE(api.WaitForState(id, "APPROVED"));

  EXPECT_EQ(
      api.Call("POST", "/v1/briefs/" + id + ":publish", author.key).status,
      403);
  HttpResponse published =
      api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Str(published.Json(), "state"), "PUBLISHED");
  EXPECT_FALSE(Str(published.Json(), "publishTime").empty());
  // Published: everyone may see it.
  User stranger = api.NewUser({"PARTICIPANT"});
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, stranger.key).status, 200);

  EXPECT_EQ(History(id),
            (std::vector<std::string>{
                "create>DRAFT", "submit>SUBMITTED", "startReview>IN_REVIEW",
                "concludeRound>CHANGES_REQUESTED", "edit>CHANGES_REQUESTED",
                "submit>SUBMITTED", "startReview>IN_REVIEW",
                "concludeRound>APPROVED", "publish>PUBLISHED"}));
  HttpResponse retracted = api.Call("POST", "/v1/briefs/" + id + ":retract",
                                    editor.key, R"({"reason":"data error"})");
  EXPECT_EQ(Str(retracted.Json(), "state"), "RETRACTED");
}

TEST_F(ReviewFlowTest, EditorReturnsAnApprovedBriefWithANote) {
  User expert = api.NewUser({"EXPERT"});  // any topic
  std::string id = Str(api.SubmittedBrief(author), "id");
  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200);
  ASSERT_EQ(api.Complete(expert, claim, "APPROVE").status, 200);
  ASSERT_TRUE(api.WaitForState(id, "APPROVED"));
  HttpResponse no_note =
      api.Call("POST", "/v1/briefs/" + id + ":return", editor.key, "{}");
  EXPECT_EQ(no_note.status, 400);
  EXPECT_EQ(no_note.ErrorField(), "note");
  HttpResponse back =
      api.Call("POST", "/v1/briefs/" + id + ":return", editor.key,
               R"({"note":"Add the cost estimate."})");
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(Str(back.Json(), "state"), "CHANGES_REQUESTED");
}

// Two reviews a round for topic "two-reviews": APPROVED when both approve,
// REJECTED when more than half reject, CHANGES_REQUESTED otherwise.
TEST_F(ReviewFlowTest, RoundOfTwoFollowsTheOutcomeRule) {
  User e1 = api.NewUser({"EXPERT"}, R"(["two-reviews"])");
  User e2 = api.NewUser({"EXPERT"}, R"(["two-reviews"])");
  struct Case {
    std::string d1, d2, outcome;
  };
  for (const Case& k :
       std::vector<Case>{{"APPROVE", "APPROVE", "APPROVED"},
                         {"APPROVE", "REQUEST_CHANGES", "CHANGES_REQUESTED"},
                         {"APPROVE", "REJECT", "CHANGES_REQUESTED"},
                         {"REJECT", "REJECT", "REJECTED"}}) {
    SCOPED_TRACE(k.d1 + "+" + k.d2);
    auto b = api.NewBrief(
        author, R"("topic":"two-reviews",)" + Api::CompleteSections());
    std::string id = Str(b, "id");
    ASSERT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
        200);
    HttpResponse c1 = api.ClaimWithin(e1);
    ASSERT_EQ(c1.status, 200) << c1.body;
    // Never a second task of the same round for one expert.
    EXPECT_EQ(api.Call("POST", "/v1/reviews:claim", e1.key).status, 204);
    HttpResponse c2 = api.ClaimWithin(e2);
    ASSERT_EQ(c2.status, 200) << c2.body;
    EXPECT_EQ(Str(c1.Json().at("task"), "briefId"), id);
    EXPECT_EQ(Str(c2.Json().at("task"), "briefId"), id);
    EXPECT_NE(Str(c1.Json().at("task"), "id"), Str(c2.Json().at("task"), "id"));
    ASSERT_EQ(api.Complete(e1, c1, k.d1).status, 200);
    ASSERT_TRUE(
        api.WaitForState(id, "IN_REVIEW"));  // one review is not a round
    ASSERT_EQ(api.Complete(e2, c2, k.d2).status, 200);
    EXPECT_TRUE(api.WaitForState(id, k.outcome));
  }
}

// An expert's tasks in pages of two: each once, the last page without a
// token.
TEST_F(ReviewFlowTest, MyReviewsListInPages) {
  std::string topic = "paged-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  std::set<std::string> claimed;
  for (int i = 0; i < 3; ++i) {
    auto b = api.NewBrief(
        author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
    ASSERT_EQ(
        api.Call("POST", "/v1/briefs/" + Str(b, "id") + ":submit", author.key)
            .status,
        200);
    HttpResponse claim = api.ClaimWithin(expert);
    ASSERT_EQ(claim.status, 200) << claim.body;
    claimed.insert(Str(claim.Json().at("task"), "id"));
  }
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    HttpResponse r = api.Call(
        "GET", "/v1/reviews?pageSize=2&pageToken=" + token, expert.key);
    ASSERT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    for (const auto& t : v.at("tasks").as_array()) {
      EXPECT_TRUE(seen.insert(Str(t, "id")).second) << Str(t, "id");
    }
    token = Str(v, "nextPageToken");
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen, claimed);
  EXPECT_EQ(pages, 2);
  HttpResponse bad =
      api.Call("GET", "/v1/reviews?pageToken=not-a-token", expert.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageToken") << bad.body;
}

TEST_F(ReviewFlowTest, WithdrawingCancelsTheQueuedTasks) {
  User expert = api.NewUser({"EXPERT"}, R"(["withdrawn-topic"])");
  auto b = api.NewBrief(
      author, R"("topic":"withdrawn-topic",)" + Api::CompleteSections());
  std::string id = Str(b, "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  // Wait until the round is open: the queue shows the task.
  auto queued = [&] {
    HttpResponse q = api.Call("GET", "/v1/queue", editor.key);
    const boost::json::value v = q.Json();
    for (const auto& t : v.at("topics").as_array()) {
      if (Str(t, "topic") == "withdrawn-topic")
        return t.at("queued").as_int64();
    }
    return int64_t{0};
  };
  for (int i = 0; i < 200 && queued() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(queued(), 1);
  ASSERT_EQ(
      api.Call("POST", "/v1/briefs/" + id + ":withdraw", author.key).status,
      200);
  for (int i = 0; i < 200 && queued() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(queued(), 0);
  EXPECT_EQ(api.Call("POST", "/v1/reviews:claim", expert.key).status, 204);
  // Reopened and submitted again: a new round, claimable.
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":reopen", author.key).status,
            200);
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  HttpResponse claim = api.ClaimWithin(expert);
  ASSERT_EQ(claim.status, 200);
  EXPECT_EQ(claim.Json().at("task").at("round").as_int64(), 2);
}

// The two reviews of a round completed at the same moment: exactly one of
// them completes the round, every time.
TEST_F(ReviewFlowTest, SimultaneousLastReviewsConcludeTheRound) {
  User e1 = api.NewUser({"EXPERT"}, R"(["two-reviews"])");
  User e2 = api.NewUser({"EXPERT"}, R"(["two-reviews"])");
  for (int i = 0; i < 10; ++i) {
    auto b = api.NewBrief(
        author, R"("topic":"two-reviews",)" + Api::CompleteSections());
    std::string id = Str(b, "id");
    ASSERT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
        200);
    HttpResponse c1 = api.ClaimWithin(e1), c2 = api.ClaimWithin(e2);
    ASSERT_EQ(c1.status, 200);
    ASSERT_EQ(c2.status, 200);
    int s1 = 0, s2 = 0;
    std::thread t1([&] { s1 = Api().Complete(e1, c1, "APPROVE").status; });
    std::thread t2([&] { s2 = Api().Complete(e2, c2, "APPROVE").status; });
    t1.join();
    t2.join();
    EXPECT_EQ(s1, 200);
    EXPECT_EQ(s2, 200);
    EXPECT_TRUE(api.WaitForState(id, "APPROVED", 10))
        << "round " << i << " never concluded";
  }
}

}  // namespace
}  // namespace briefdesk::testing
