// Guidance while drafting and comment threads end to end: a participant
// asks the course's experts for feedback on a draft (the mentor first),
// an expert claims and answers with anchored comments, the brief's state
// never changes; the comments become threads the authors and the expert
// reply to and the authors resolve; the next review round shows the expert
// their earlier comments with the replies and what was resolved.
#include <gtest/gtest.h>

#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

class GuidanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.stack().SetClockOffset(std::chrono::seconds(0));
    course_.Create({{hours(72), {"problem"}}, {hours(168), {"evidence"}}});
    topic_ = "guidance-" + Api::Unique();
    participant_ = api_.NewUser({"PARTICIPANT"});
    mentor_ = api_.NewUser({"EXPERT"}, "[\"" + topic_ + "\"]");
    other_expert_ = api_.NewUser({"EXPERT"}, "[\"" + topic_ + "\"]");
    outsider_ = api_.NewUser({"EXPERT"}, "[\"" + topic_ + "\"]");
    course_.Enrol(participant_, "PARTICIPANT");
    course_.Enrol(mentor_, "EXPERT");
    course_.Enrol(other_expert_, "EXPERT");
    HttpResponse assigned = course_.Call(
        course_.organizer(), "PATCH", "/members/" + participant_.id,
        R"({"mentorId":")" + mentor_.id + "\"}");
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(Str(assigned.Json(), "mentorId"), mentor_.id);
    brief_ = NewCourseBrief();
  }

  std::string NewCourseBrief() {
    HttpResponse created =
        api_.Call("POST", "/v1/briefs", participant_.key,
                  R"({"title":"Minimum wages for domestic workers","topic":")" +
                      topic_ + R"(","courseId":")" + course_.id() + "\"," +
                      Api::CompleteSections() + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return Str(created.Json(), "id");
  }

  HttpResponse Ask(const std::string& brief, const std::string& body) {
    return api_.Call("POST", "/v1/briefs/" + brief + ":requestFeedback",
                     participant_.key, body);
  }

  HttpResponse Claim(const User& expert) {
    return api_.Call("POST", "/v1/feedback:claim", expert.key);
  }

  HttpResponse Answer(const User& expert, const HttpResponse& claim,
                      const std::string& comments) {
    auto request = claim.Json().at("request");
    return api_.Call(
        "POST", "/v1/feedback/" + Str(request, "id") + ":answer", expert.key,
        R"({"claimToken":")" + Str(request, "claimToken") +
            R"(","note":"Say who is covered and by how much.","comments":)" +
            comments + "}");
  }

  boost::json::array Threads(const User& u, const std::string& brief) {
    HttpResponse res =
        api_.Call("GET", "/v1/briefs/" + brief + "/comments", u.key);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.Json().at("comments").as_array();
  }

  Api api_;
  CourseScenario course_{api_};
  std::string topic_, brief_;
  User participant_, mentor_, other_expert_, outsider_;
};

constexpr char kProblemComment[] =
    R"([{"section":"problem","quote":"lack income protection",)"
    R"("body":"Which workers, and how many? Give the number."}])";

TEST_F(GuidanceTest, TheMentorFirstThenTheCourseAndTheStateNeverChanges) {
  HttpResponse asked = Ask(brief_, R"({"revision":1,"sections":["problem"],)"
                                   R"("question":"Is the problem clear?"})");
  ASSERT_EQ(asked.status, 201) << asked.body;
  auto request = asked.Json();
  EXPECT_EQ(Str(request, "state"), "OPEN");
  EXPECT_EQ(Str(request, "mentorId"), mentor_.id);
  EXPECT_EQ(asked.Header("location"), "/v1/feedback/" + Str(request, "id"));

  // Only the mentor, for now; an expert of no course, never.
  EXPECT_EQ(Claim(other_expert_).status, 204);
  EXPECT_EQ(Claim(outsider_).status, 204);
  HttpResponse claim = Claim(mentor_);
  ASSERT_EQ(claim.status, 200) << claim.body;
  EXPECT_EQ(Str(claim.Json().at("request"), "state"), "CLAIMED");
  EXPECT_EQ(Str(claim.Json().at("brief"), "id"), brief_);
  EXPECT_EQ(claim.Json().at("brief").at("revision").as_int64(), 1);
  EXPECT_EQ(Str(claim.Json().at("request"), "briefTitle"),
            "Minimum wages for domestic workers");
  // From the claim on, the mentor may read the brief (in another tab too).
  EXPECT_EQ(claim.Header("x-briefdesk-effects"), "applied");
  EXPECT_EQ(api_.Call("GET", "/v1/briefs/" + brief_, mentor_.key).status, 200);
  EXPECT_EQ(api_.Call("GET", "/v1/briefs/" + brief_, other_expert_.key).status,
            404);

  HttpResponse answered = Answer(mentor_, claim, kProblemComment);
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.Header("x-briefdesk-effects"), "applied");
  EXPECT_EQ(Str(answered.Json(), "state"), "ANSWERED");
  EXPECT_EQ(Str(answered.Json(), "expertId"), mentor_.id);
  // The brief is still a draft at revision 1.
  HttpResponse brief =
      api_.Call("GET", "/v1/briefs/" + brief_, participant_.key);
  EXPECT_EQ(Str(brief.Json(), "state"), "DRAFT");

  // A second request waits for the mentor alone until the head start
  // (48 h) has passed; then another expert of the course takes it.
  ASSERT_EQ(
      Ask(brief_, R"({"revision":1,"question":"And the options?"})").status,
      201);
  EXPECT_EQ(Claim(other_expert_).status, 204);
  api_.stack().SetClockOffset(std::chrono::hours(49));
  HttpResponse late = Claim(other_expert_);
  EXPECT_EQ(late.status, 200) << late.body;
  api_.stack().SetClockOffset(std::chrono::seconds(0));

  HttpResponse listed =
      api_.Call("GET", "/v1/briefs/" + brief_ + "/feedback", participant_.key);
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto requests = listed.Json().at("requests").as_array();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(Str(requests[1], "note"), "Say who is covered and by how much.");
  EXPECT_EQ(Str(requests[1].at("comments").as_array()[0], "id"),
            Str(request, "id") + ".1");
  EXPECT_EQ(Str(requests[0], "claimToken"), "") << "a token leaked";
}

TEST_F(GuidanceTest, RequestsAreCheckedBeforeAnythingIsStored) {
  auto field_of = [](const HttpResponse& r) {
    return Str(r.Json().at("error").at("details").as_array()[0], "field");
  };
  HttpResponse empty = Ask(brief_, R"({"revision":1,"question":"  "})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(field_of(empty), "question");
  HttpResponse section =
      Ask(brief_, R"({"revision":1,"sections":["conclusion"],"question":"?"})");
  EXPECT_EQ(section.status, 400);
  EXPECT_EQ(field_of(section), "sections[0]");
  HttpResponse future = Ask(brief_, R"({"revision":9,"question":"Clear?"})");
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(field_of(future), "revision");
  // Someone else's brief does not exist for them.
  HttpResponse stranger =
      api_.Call("POST", "/v1/briefs/" + brief_ + ":requestFeedback",
                outsider_.key, R"({"revision":1,"question":"Clear?"})");
  EXPECT_EQ(stranger.status, 404);
  // Three may wait at once.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Ask(brief_, R"({"revision":1,"question":"Clear?"})").status, 201);
  }
  EXPECT_EQ(Ask(brief_, R"({"revision":1,"question":"Clear?"})").status, 409);
  // A brief in no course has no experts to ask (its author is of no
  // cohort either, which would make it a course's).
  User loner = NamedUser(api_, "PARTICIPANT", "Lone Author");
  auto loose = api_.NewBrief(loner, Api::CompleteSections());
  EXPECT_EQ(Str(loose, "courseId"), "");
  EXPECT_EQ(
      api_.Call("POST", "/v1/briefs/" + Str(loose, "id") + ":requestFeedback",
                loner.key, R"({"revision":1,"question":"Clear?"})")
          .status,
      409);
  // Nor does a submitted one: feedback is for drafts.
  std::string submitted = NewCourseBrief();
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + submitted + ":submit", participant_.key)
          .status,
      200);
  EXPECT_EQ(Ask(submitted, R"({"revision":1,"question":"Clear?"})").status,
            409);
}

TEST_F(GuidanceTest, LeasesEndAndStaleClaimsAreRefused) {
  ASSERT_EQ(Ask(brief_, R"({"revision":1,"question":"Clear?"})").status, 201);
  HttpResponse claim = Claim(mentor_);
  ASSERT_EQ(claim.status, 200) << claim.body;
  std::string id = Str(claim.Json().at("request"), "id");
  std::string token = Str(claim.Json().at("request"), "claimToken");
  HttpResponse renewed =
      api_.Call("POST", "/v1/feedback/" + id + ":renew", mentor_.key,
                R"({"claimToken":")" + token + "\"}");
  EXPECT_EQ(renewed.status, 200) << renewed.body;
  // Past the lease (2 h), the request is open again and the answer late.
  api_.stack().SetClockOffset(std::chrono::hours(3));
  EXPECT_EQ(Answer(mentor_, claim, "[]").status, 409);
  HttpResponse again = Claim(mentor_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Answer(mentor_, claim, "[]").status, 409) << "a stale token";
  HttpResponse released =
      api_.Call("POST", "/v1/feedback/" + id + ":release", mentor_.key,
                R"({"claimToken":")" +
                    Str(again.Json().at("request"), "claimToken") + "\"}");
  EXPECT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(Str(released.Json(), "state"), "OPEN");
  // The author withdraws it; it cannot be claimed any more.
  HttpResponse cancelled =
      api_.Call("POST", "/v1/feedback/" + id + ":cancel", participant_.key);
  EXPECT_EQ(Str(cancelled.Json(), "state"), "CANCELLED");
  EXPECT_EQ(Claim(mentor_).status, 204);
  api_.stack().SetClockOffset(std::chrono::seconds(0));
}

TEST_F(GuidanceTest, ThreadsCarryRepliesAndResolutionsIntoTheNextRound) {
  ASSERT_EQ(Ask(brief_, R"({"revision":1,"question":"Clear?"})").status, 201);
  HttpResponse claim = Claim(mentor_);
  ASSERT_EQ(Answer(mentor_, claim, kProblemComment).status, 200);
  auto threads = Threads(participant_, brief_);
  ASSERT_EQ(threads.size(), 1u);
  std::string comment = Str(threads[0], "id");
  EXPECT_EQ(Str(threads[0], "source"), "FEEDBACK");
  EXPECT_EQ(Str(threads[0], "expertId"), mentor_.id) << "guidance is signed";
  EXPECT_EQ(Str(threads[0], "quote"), "lack income protection");

  std::string base = "/v1/briefs/" + brief_ + "/comments/" + comment;
  HttpResponse reply = api_.Call("POST", base + ":reply", participant_.key,
                                 R"({"body":"About 40 000 workers; added."})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Json().at("replies").as_array().size(), 1u);
  HttpResponse back = api_.Call("POST", base + ":reply", mentor_.key,
                                R"({"body":"Good; cite the survey."})");
  ASSERT_EQ(back.status, 201) << back.body;
  EXPECT_TRUE(
      back.Json().at("replies").as_array()[1].at("fromExpert").as_bool());
  // Nobody else replies; an expert who cannot see the brief finds nothing.
  EXPECT_EQ(api_.Call("POST", base + ":reply", other_expert_.key,
                      R"({"body":"Me too."})")
                .status,
            404);
  EXPECT_EQ(
      api_.Call("POST", base + ":resolve", mentor_.key, R"({"note":"done"})")
          .status,
      403);
  HttpResponse resolved = api_.Call("POST", base + ":resolve", participant_.key,
                                    R"({"note":"Number and source added."})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_TRUE(resolved.Json().at("resolved").as_bool());
  EXPECT_EQ(api_.Call("POST", base + ":resolve", participant_.key, "{}").status,
            409);

  // The mentor reviews the submitted brief: the claim shows their earlier
  // comment with the replies and the resolution.
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + brief_ + ":submit", participant_.key)
          .status,
      200);
  HttpResponse task = api_.ClaimWithin(mentor_, 20);
  ASSERT_EQ(task.status, 200) << task.body;
  auto earlier = task.Json().at("threads").as_array();
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(Str(earlier[0], "id"), comment);
  EXPECT_TRUE(earlier[0].at("resolved").as_bool());
  EXPECT_EQ(Str(earlier[0], "resolutionNote"), "Number and source added.");
  EXPECT_EQ(earlier[0].at("replies").as_array().size(), 2u);
}

TEST_F(GuidanceTest, ReviewCommentsAreThreadsTooAndReviewersStayAnonymous) {
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + brief_ + ":submit", participant_.key)
          .status,
      200);
  HttpResponse task = api_.ClaimWithin(other_expert_, 20);
  ASSERT_EQ(task.status, 200) << task.body;
  ASSERT_EQ(
      api_.Complete(other_expert_, task, "REQUEST_CHANGES", kProblemComment)
          .status,
      200);
  auto threads = Threads(participant_, brief_);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(Str(threads[0], "source"), "REVIEW");
  EXPECT_EQ(Str(threads[0], "expertId"), "") << "a reviewer was named";
  std::string base =
      "/v1/briefs/" + brief_ + "/comments/" + Str(threads[0], "id");
  ASSERT_EQ(api_.Call("POST", base + ":reply", other_expert_.key,
                      R"({"body":"Please add numbers."})")
                .status,
            201);
  auto seen = Threads(participant_, brief_);
  auto reply = seen[0].at("replies").as_array()[0];
  EXPECT_TRUE(reply.at("fromExpert").as_bool());
  EXPECT_EQ(Str(reply, "authorId"), "") << "a reviewer's reply was signed";
  // The reviewer sees their own name.
  EXPECT_EQ(Str(Threads(other_expert_, brief_)[0], "expertId"),
            other_expert_.id);
}

}  // namespace
}  // namespace briefdesk::testing
