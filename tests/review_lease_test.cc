// Leases, claims and who may do what, with a short lease (3 s) and a fast
// sweeper; and bad review input, each refused with a clear error that
// changes nothing.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.review_env = {{"BRIEFDESK_LEASE_SECONDS", "3"},
                  {"BRIEFDESK_LEASE_SWEEP_MS", "100"}};
  Stack::Configure(o);
  return true;
}();

class ReviewLeaseTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  // Each test's tasks have their own topic, so tests never take each
  // other's tasks.
  std::string topic =
      "lease-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
      Api::Unique();

  std::string Submit() {
    auto b = api.NewBrief(
        author, R"("topic":")" + topic + "\"," + Api::CompleteSections());
    std::string id = Str(b, "id");
    EXPECT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
        200);
    return id;
  }
  User Expert() { return api.NewUser({"EXPERT"}, "[\"" + topic + "\"]"); }
  static std::string TaskPath(const HttpResponse& claim,
                              const std::string& verb) {
    return "/v1/reviews/" + Str(claim.Json().at("task"), "id") + ":" + verb;
  }
  static std::string Token(const HttpResponse& claim) {
    return R"({"claimToken":")" + Str(claim.Json().at("task"), "claimToken") +
           "\"}";
  }
};

TEST_F(ReviewLeaseTest, ExpiredLeaseReturnsTheTaskToItsOldPosition) {
  std::string older = Submit();
  std::string id = Submit();
  User e1 = Expert(), e2 = Expert();
  HttpResponse first = api.ClaimWithin(e1);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Str(first.Json().at("task"), "briefId"), older);  // oldest first
  ASSERT_TRUE(api.WaitForState(older, "IN_REVIEW"));
  // The lease runs out; the brief goes back to SUBMITTED and the task to the
  // head of the queue, before the younger one.
  ASSERT_TRUE(api.WaitForState(older, "SUBMITTED", 10));
  HttpResponse second = api.ClaimWithin(e2);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(Str(second.Json().at("task"), "id"),
            Str(first.Json().at("task"), "id"));
  // The first holder's token is stale now.
  HttpResponse late = api.Complete(e1, first, "APPROVE");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.ErrorCode(), "FAILED_PRECONDITION");
  EXPECT_EQ(
      api.Call("POST", TaskPath(first, "renew"), e1.key, Token(first)).status,
      409);
  ASSERT_EQ(api.Complete(e2, second, "APPROVE").status, 200);
  EXPECT_TRUE(api.WaitForState(older, "APPROVED"));
  (void)id;
}

TEST_F(ReviewLeaseTest, RenewExtendsTheLease) {
  Submit();
  User e = Expert();
  HttpResponse claim = api.ClaimWithin(e);
  ASSERT_EQ(claim.status, 200);
  std::string first_deadline = Str(claim.Json().at("task"), "leaseExpireTime");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  HttpResponse renewed =
      api.Call("POST", TaskPath(claim, "renew"), e.key, Token(claim));
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_GT(Str(renewed.Json(), "leaseExpireTime"), first_deadline);
  // Past the first deadline, the renewed lease still holds.
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  HttpResponse done = api.Complete(e, claim, "APPROVE");
  EXPECT_EQ(done.status, 200) << done.body;
}

TEST_F(ReviewLeaseTest, ReleaseHandsTheTaskBack) {
  std::string id = Submit();
  User e1 = Expert(), e2 = Expert();
  HttpResponse claim = api.ClaimWithin(e1);
  ASSERT_EQ(claim.status, 200);
  ASSERT_TRUE(api.WaitForState(id, "IN_REVIEW"));
  HttpResponse released =
      api.Call("POST", TaskPath(claim, "release"), e1.key, Token(claim));
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(Str(released.Json(), "state"), "QUEUED");
  EXPECT_TRUE(api.WaitForState(id, "SUBMITTED"));
  HttpResponse other = api.ClaimWithin(e2);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(Str(other.Json().at("task"), "id"),
            Str(claim.Json().at("task"), "id"));
  EXPECT_EQ(api.Complete(e1, claim, "APPROVE").status, 409);
}

TEST_F(ReviewLeaseTest, OpenClaimsAreCapped) {
  for (int i = 0; i < 4; ++i) Submit();
  User e = Expert();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(api.ClaimWithin(e).status, 200);
  HttpResponse fourth = api.Call("POST", "/v1/reviews:claim", e.key);
  EXPECT_EQ(fourth.status, 409) << fourth.body;
  EXPECT_NE(fourth.body.find("3 open claims"), std::string::npos)
      << fourth.body;
}

TEST_F(ReviewLeaseTest, OnlyExpertsClaimAndOnlyTheClaimantActs) {
  Submit();
  User e = Expert(), other = Expert();
  User editor = api.NewUser({"EDITOR"});
  EXPECT_EQ(api.Call("POST", "/v1/reviews:claim", author.key).status, 403);
  EXPECT_EQ(api.Call("POST", "/v1/reviews:claim", editor.key).status, 403);
  EXPECT_EQ(api.Call("POST", "/v1/reviews:claim", "").status, 401);
  HttpResponse claim = api.ClaimWithin(e);
  ASSERT_EQ(claim.status, 200);
  for (const char* verb : {"renew", "release"}) {
    EXPECT_EQ(
        api.Call("POST", TaskPath(claim, verb), other.key, Token(claim)).status,
        403)
        << verb;
    EXPECT_EQ(api.Call("POST", TaskPath(claim, verb), editor.key, Token(claim))
                  .status,
              403)
        << verb;
  }
  EXPECT_EQ(api.Complete(other, claim, "APPROVE").status, 403);
  EXPECT_EQ(
      api.Call("POST", "/v1/reviews/nope:renew", e.key, Token(claim)).status,
      404);
  // The queue: editors see it all, an expert their topics, authors nothing.
  EXPECT_EQ(api.Call("GET", "/v1/queue", editor.key).status, 200);
  HttpResponse mine_only = api.Call("GET", "/v1/queue", e.key);
  EXPECT_EQ(mine_only.status, 200) << mine_only.body;
  EXPECT_EQ(mine_only.Json().at("activeLeases").as_int64(), 0);
  EXPECT_EQ(api.Call("GET", "/v1/queue", author.key).status, 403);
  // An expert's own tasks: the claimed one with its token.
  HttpResponse mine = api.Call("GET", "/v1/reviews?state=CLAIMED", e.key);
  ASSERT_EQ(mine.status, 200);
  const boost::json::value v = mine.Json();
  ASSERT_EQ(v.at("tasks").as_array().size(), 1u);
  EXPECT_EQ(Str(v.at("tasks").as_array()[0], "claimToken"),
            Str(claim.Json().at("task"), "claimToken"));
  EXPECT_EQ(api.Call("GET", "/v1/reviews", author.key).status, 403);
  // A claimed brief is visible to its expert, not to another one.
  std::string brief = Str(claim.Json().at("task"), "briefId");
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + brief + "/reviews", e.key).status,
            200);
  EXPECT_EQ(
      api.Call("GET", "/v1/briefs/" + brief + "/reviews", other.key).status,
      404);
}

TEST_F(ReviewLeaseTest, BadReviewInputIsRefusedAndChangesNothing) {
  std::string id = Submit();
  User e = Expert();
  HttpResponse claim = api.ClaimWithin(e);
  ASSERT_EQ(claim.status, 200);
  std::string token = Str(claim.Json().at("task"), "claimToken");
  auto body = [&](const std::string& decision, const std::string& scores,
                  const std::string& comments) {
    return R"({"claimToken":")" + token + R"(","decision":)" + decision +
           R"(,"summary":"s","scores":)" + scores + R"(,"comments":)" +
           comments + "}";
  };
  const std::string ok_scores =
      R"({"evidence":3,"clarity":3,"actionability":3,"relevance":3})";
  struct Case {
    std::string body, field;
    int status;
  } cases[] = {
      {body(R"("MAYBE")", ok_scores, "[]"), "decision", 400},
      {body(R"("DECISION_UNSPECIFIED")", ok_scores, "[]"), "decision", 400},
      {body(R"("APPROVE")",
            R"({"evidence":6,"clarity":3,"actionability":3,"relevance":3})",
            "[]"),
       "scores.evidence", 400},
      {body(R"("APPROVE")",
            R"({"evidence":3,"clarity":0,"actionability":3,"relevance":3})",
            "[]"),
       "scores.clarity", 400},
      {body(R"("APPROVE")", ok_scores,
            R"([{"section":"conclusion","body":"x"}])"),
       "comments[0].section", 400},
      {body(
           R"("APPROVE")", ok_scores,
           R"([{"section":"evidence","body":"ok"},{"section":"problem","quote":"not in it","body":"x"}])"),
       "comments[1].quote", 400},
      {body(R"("APPROVE")", ok_scores,
            R"([{"section":"evidence","body":" "}])"),
       "comments[0].body", 400},
  };
  for (const Case& c : cases) {
    HttpResponse r =
        api.Call("POST", TaskPath(claim, "complete"), e.key, c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(r.ErrorField(), c.field) << r.body;
  }
  // A quote that does occur in the section is accepted; before that nothing
  // changed: the task is still claimed and the brief has no review.
  HttpResponse reviews =
      api.Call("GET", "/v1/briefs/" + id + "/reviews", author.key);
  EXPECT_TRUE(reviews.Json().at("reviews").as_array().empty());
  HttpResponse done = api.Complete(
      e, claim, "APPROVE",
      R"([{"section":"problem","quote":"lack income protection","body":"Good."}])");
  EXPECT_EQ(done.status, 200) << done.body;
  // Completing twice is refused.
  EXPECT_EQ(api.Complete(e, claim, "APPROVE").status, 409);
}

}  // namespace
}  // namespace briefdesk::testing
