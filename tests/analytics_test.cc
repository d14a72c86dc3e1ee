// Course analytics end to end, against figures this test computes from
// what it did: a course whose participants write, submit and revise briefs
// reviewed by two experts a round (known scores and decisions, on known
// days moved by the clock setting), one brief published, an agreement, a
// follow-up held with outcomes and one missed; and a second course, for
// the figures across courses.
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.review_env = {{"BRIEFDESK_REVIEWS_PER_ROUND", "2"}};
  Stack::Configure(o);
  return true;
}();

using std::chrono::hours;

struct Review {
  const char* decision;
  int scores[4];  // evidence, clarity, actionability, relevance
};

class AnalyticsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    api_ = new Api();
    api_->stack().SetClockOffset(std::chrono::seconds(0));
    Seed();
  }
  static void TearDownTestSuite() {
    api_->stack().SetClockOffset(std::chrono::seconds(0));
    delete api_;
  }

  static std::string NewCourse(const User& organizer, const std::string& due,
                               const std::string& end) {
    boost::json::object body{
        {"title", "Analytics course " + Api::Unique()},
        {"timeZone", "UTC"},
        {"startDate", DateFromToday(-10)},
        {"endDate", end},
        {"modules", boost::json::array{boost::json::object{
                        {"title", "Module 1"},
                        {"dueTime", due},
                        {"sections", boost::json::array{"problem"}}}}}};
    HttpResponse res = api_->Call("POST", "/v1/courses", organizer.key,
                                  boost::json::serialize(body));
    EXPECT_EQ(res.status, 201) << res.body;
    return Str(res.Json(), "id");
  }

  static void Enrol(const std::string& course, const User& organizer,
                    const User& u, const char* role,
                    const char* constituency = "", const char* country = "") {
    HttpResponse who =
        api_->Call("GET", "/v1/users/" + u.id, api_->stack().admin_key());
    boost::json::object body{{"email", Str(who.Json(), "email")},
                             {"courseRole", role},
                             {"country", country}};
    if (*constituency) body["constituency"] = constituency;
    HttpResponse res = api_->Call("POST", "/v1/courses/" + course + "/members",
                                  organizer.key, boost::json::serialize(body));
    EXPECT_EQ(res.status, 201) << res.body;
  }

  static void Day(int d) {
    api_->stack().SetClockOffset(std::chrono::hours(24 * d));
  }

  // A round of two reviews of `brief`, by the two experts.
  static void Round(const std::string& brief, const Review& first,
                    const Review& second) {
    for (auto [expert, r] : {std::pair{&e1_, &first}, {&e2_, &second}}) {
      HttpResponse claim = api_->ClaimWithin(*expert, 20);
      ASSERT_EQ(claim.status, 200) << claim.body;
      ASSERT_EQ(Str(claim.Json().at("task"), "briefId"), brief);
      auto task = claim.Json().at("task");
      HttpResponse done = api_->Call(
          "POST", "/v1/reviews/" + Str(task, "id") + ":complete", expert->key,
          absl::StrFormat(
              R"({"claimToken":"%s","decision":"%s","summary":"s",)"
              R"("scores":{"evidence":%d,"clarity":%d,"actionability":%d,)"
              R"("relevance":%d}})",
              Str(task, "claimToken"), r->decision, r->scores[0], r->scores[1],
              r->scores[2], r->scores[3]));
      ASSERT_EQ(done.status, 200) << done.body;
    }
  }

  static std::string Submit(const User& u, const std::string& brief) {
    HttpResponse r =
        api_->Call("POST", "/v1/briefs/" + brief + ":submit", u.key);
    EXPECT_EQ(r.status, 200) << r.body;
    return brief;
  }

  static void Seed();

  static Api* api_;
  static User organizer_, other_organizer_, p1_, p2_, p3_, p4_, e1_, e2_,
      editor_;
  static std::string course_, other_course_;
  static absl::CivilDay end_;
};

Api* AnalyticsTest::api_ = nullptr;
User AnalyticsTest::organizer_, AnalyticsTest::other_organizer_,
    AnalyticsTest::p1_, AnalyticsTest::p2_, AnalyticsTest::p3_,
    AnalyticsTest::p4_, AnalyticsTest::e1_, AnalyticsTest::e2_,
    AnalyticsTest::editor_;
std::string AnalyticsTest::course_, AnalyticsTest::other_course_;
absl::CivilDay AnalyticsTest::end_;

void AnalyticsTest::Seed() {
  std::string topic = "analytics-" + Api::Unique();
  // Of no cohort: the harness's users' cohort becomes a course of its own
  // (the cohort migration), which these two must not organize.
  organizer_ = NamedUser(*api_, "ORGANIZER", "Olga Organizer");
  other_organizer_ = NamedUser(*api_, "ORGANIZER", "Omar Organizer");
  p1_ = api_->NewUser({"PARTICIPANT"});
  p2_ = api_->NewUser({"PARTICIPANT"});
  p3_ = api_->NewUser({"PARTICIPANT"});
  p4_ = api_->NewUser({"PARTICIPANT"});
  e1_ = api_->NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  e2_ = api_->NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  editor_ = api_->NewUser({"EDITOR"});
  end_ = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 1;
  course_ =
      NewCourse(organizer_, TimeFromNow(hours(2)), absl::FormatCivilTime(end_));
  Enrol(course_, organizer_, p1_, "PARTICIPANT", "GOVERNMENT", "SN");
  Enrol(course_, organizer_, p2_, "PARTICIPANT", "WORKERS", "PE");
  Enrol(course_, organizer_, p3_, "PARTICIPANT", "EMPLOYERS", "TR");
  Enrol(course_, organizer_, e1_, "EXPERT");
  Enrol(course_, organizer_, e2_, "EXPERT");
  // A second course: one participant, its module due in 300 days.
  other_course_ = NewCourse(other_organizer_, TimeFromNow(hours(24 * 300)),
                            DateFromToday(310));
  Enrol(other_course_, other_organizer_, p4_, "PARTICIPANT");
  // The first course's organizer organizes the second too.
  Enrol(other_course_, other_organizer_, organizer_, "ORGANIZER");

  // Day 0: two briefs of the course, complete (module 1 met on time).
  auto brief_of = [&](const User& u) {
    HttpResponse r = api_->Call("POST", "/v1/briefs", u.key,
                                R"({"title":"Brief","topic":")" + topic +
                                    R"(","courseId":")" + course_ + "\"," +
                                    Api::CompleteSections() + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.Json(), "id");
  };
  std::string b1 = brief_of(p1_), b2 = brief_of(p2_);
  // Day 1: brief 1 submitted, both ask for changes.
  Day(1);
  Round(Submit(p1_, b1), {"REQUEST_CHANGES", {3, 3, 3, 3}},
        {"REQUEST_CHANGES", {2, 3, 2, 3}});
  // Day 2: brief 2 submitted; the reviewers disagree.
  Day(2);
  Round(Submit(p2_, b2), {"APPROVE", {4, 4, 4, 4}}, {"REJECT", {2, 2, 2, 2}});
  // Day 3: brief 1 again, approved; day 4 published.
  Day(3);
  Round(Submit(p1_, b1), {"APPROVE", {4, 4, 4, 4}}, {"APPROVE", {5, 4, 5, 4}});
  Day(4);
  ASSERT_EQ(
      api_->Call("POST", "/v1/briefs/" + b1 + ":publish", editor_.key).status,
      200);
  // The milestone statuses are recorded by the reminders' worker once the
  // due time passed (days 1 to 4 here): wait until all three are.
  for (int i = 0; i < 200; ++i) {
    HttpResponse a = api_->Call("GET", "/v1/courses/" + course_ + "/analytics",
                                organizer_.key);
    const boost::json::value v = a.Json();
    const auto* modules = v.as_object().if_contains("modules");
    if (modules && !modules->as_array().empty()) {
      const auto& m = modules->as_array()[0].as_object();
      auto n = [&](const char* k) {
        return m.contains(k) ? m.at(k).as_int64() : 0;
      };
      if (n("onTime") + n("missing") == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Participant 1 fills the agreement.
  HttpResponse agreed =
      api_->Call("PATCH", "/v1/courses/" + course_ + "/members/me/agreement",
                 p1_.key, R"({"actions":[{"what":"Present the brief"}]})",
                 {{"If-Match", "\"a0\""}});
  ASSERT_EQ(agreed.status, 200) << agreed.body;

  // Session 1 (end + 61 days) held that day with two outcomes; session 2
  // (end + 122) left unrecorded past its grace.
  HttpResponse list;
  for (int i = 0; i < 100; ++i) {
    list = api_->Call("GET", "/v1/courses/" + course_ + "/followUps",
                      organizer_.key);
    if (list.Json().at("followUps").as_array().size() == 6) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const boost::json::value sessions = list.Json();
  ASSERT_EQ(sessions.at("followUps").as_array().size(), 6u);
  std::string first = Str(sessions.at("followUps").as_array()[0], "id");
  absl::Time day1 = absl::FromCivil(end_ + 61, absl::UTCTimeZone());
  api_->stack().SetClockOffset(std::chrono::seconds(
      absl::ToInt64Seconds(day1 + absl::Hours(12) - absl::Now())));
  HttpResponse recorded = api_->Call(
      "POST", "/v1/followUps/" + first + ":record", organizer_.key,
      R"({"channel":"VIDEO","heldTime":")" +
          absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", day1 + absl::Hours(10),
                           absl::UTCTimeZone()) +
          R"(","outcomes":[{"kind":"BRIEF_CITED","description":"Cited",)"
          R"("significance":"HIGH","verified":true},{"kind":"MEDIA_MENTION",)"
          R"("description":"Radio","significance":"LOW"}]})");
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  absl::Time day2 = absl::FromCivil(end_ + 122 + 16, absl::UTCTimeZone());
  api_->stack().SetClockOffset(
      std::chrono::seconds(absl::ToInt64Seconds(day2 - absl::Now())));
  // The second session turns MISSED.
  std::string second = Str(sessions.at("followUps").as_array()[1], "id");
  for (int i = 0; i < 100; ++i) {
    HttpResponse f =
        api_->Call("GET", "/v1/followUps/" + second, organizer_.key);
    if (Str(f.Json(), "state") == "MISSED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

double Num(const boost::json::value& v, const char* key) {
  const auto* x = v.as_object().if_contains(key);
  if (x == nullptr) return 0;
  return x->is_double() ? x->as_double() : static_cast<double>(x->as_int64());
}

TEST_F(AnalyticsTest, OneCoursesFiguresAreWhatHappened) {
  HttpResponse res = api_->Call("GET", "/v1/courses/" + course_ + "/analytics",
                                organizer_.key);
  ASSERT_EQ(res.status, 200) << res.body;
  const boost::json::value a = res.Json();
  EXPECT_EQ(Num(a, "participants"), 3);
  ASSERT_EQ(a.at("modules").as_array().size(), 1u) << res.body;
  auto module = a.at("modules").as_array()[0];
  EXPECT_EQ(Num(module, "onTime"), 2) << res.body;
  EXPECT_EQ(Num(module, "missing"), 1);
  EXPECT_EQ(Num(a, "briefsSubmitted"), 2);
  EXPECT_EQ(Num(a, "briefsPublished"), 1);
  EXPECT_NEAR(Num(a, "publicationRate"), 1.0 / 3, 1e-9);
  // Day 0 to days 1 and 2; to publication on day 4.
  EXPECT_NEAR(Num(a.at("daysToSubmission"), "mean"), 1.5, 0.01);
  EXPECT_NEAR(Num(a.at("daysToSubmission"), "median"), 1.5, 0.01);
  EXPECT_NEAR(Num(a.at("daysToPublication"), "median"), 4, 0.01);
  EXPECT_NEAR(Num(a, "meanRounds"), 1.5, 1e-9);
  auto rounds = a.at("scoresByRound").as_array();
  ASSERT_EQ(rounds.size(), 2u);
  // Round 1: (3,3,3,3), (2,3,2,3), (4,4,4,4), (2,2,2,2).
  EXPECT_EQ(Num(rounds[0], "reviews"), 4);
  EXPECT_NEAR(Num(rounds[0], "evidence"), (3 + 2 + 4 + 2) / 4.0, 1e-9);
  EXPECT_NEAR(Num(rounds[0], "clarity"), (3 + 3 + 4 + 2) / 4.0, 1e-9);
  EXPECT_NEAR(Num(rounds[0], "overall"), (12 + 10 + 16 + 8) / 16.0, 1e-9);
  // Round 2: (4,4,4,4), (5,4,5,4): the briefs improved.
  EXPECT_NEAR(Num(rounds[1], "overall"), (16 + 18) / 8.0, 1e-9);
  // Three rounds had two reviews; two agreed on the decision; overall
  // scores apart by 0.5, 0.5 and 2.
  auto agreement = a.at("reviewerAgreement");
  EXPECT_EQ(Num(agreement, "rounds"), 3);
  EXPECT_EQ(Num(agreement, "sameDecision"), 2);
  EXPECT_NEAR(Num(agreement, "meanScoreSpread"), 1.0, 1e-9);
  EXPECT_EQ(Num(a, "agreementsFilled"), 1);
  EXPECT_EQ(Num(a, "followUpsDue"), 2);
  EXPECT_EQ(Num(a, "followUpsHeld"), 1);
  EXPECT_EQ(Num(a, "followUpsHeldOnTime"), 1);
  EXPECT_EQ(Num(a, "followUpsMissed"), 1);
  EXPECT_EQ(Num(a, "outcomes"), 2);
  EXPECT_EQ(Num(a, "outcomesVerified"), 1);
  auto kinds = a.at("outcomesByKind").as_array();
  ASSERT_EQ(kinds.size(), 2u) << res.body;
  EXPECT_EQ(Str(kinds[0], "key"), "BRIEF_CITED");
  auto constituencies = a.at("outcomesByConstituency").as_array();
  ASSERT_EQ(constituencies.size(), 1u);
  EXPECT_EQ(Str(constituencies[0], "key"), "GOVERNMENT");
  EXPECT_EQ(Num(constituencies[0], "count"), 2);
  ASSERT_EQ(a.at("outcomesByCountry").as_array().size(), 1u);
  EXPECT_EQ(Str(a.at("outcomesByCountry").as_array()[0], "key"), "SN");
}

TEST_F(AnalyticsTest, AcrossCoursesAsCsvAndOnlyForOrganizers) {
  // The organizer of both courses: their figures together.
  HttpResponse both = api_->Call("GET", "/v1/analytics", organizer_.key);
  ASSERT_EQ(both.status, 200) << both.body;
  const boost::json::value a = both.Json();
  EXPECT_EQ(Num(a, "courses"), 2);
  EXPECT_EQ(Num(a, "participants"), 4);
  ASSERT_EQ(a.at("modules").as_array().size(), 1u) << both.body;
  auto module = a.at("modules").as_array()[0];
  EXPECT_EQ(Num(module, "upcoming"), 1) << "the second course's module";
  EXPECT_NEAR(Num(a, "publicationRate"), 0.25, 1e-9);
  EXPECT_EQ(Num(a, "followUpsMissed"), 1);
  // The second course's organizer: that course alone.
  HttpResponse one = api_->Call("GET", "/v1/analytics", other_organizer_.key);
  EXPECT_EQ(Num(one.Json(), "courses"), 1);
  EXPECT_EQ(Num(one.Json(), "participants"), 1);
  // An admin: every course of the stack (the harness's users' cohort makes
  // one more), so at least these.
  HttpResponse all =
      api_->Call("GET", "/v1/analytics", api_->stack().admin_key());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_GE(Num(all.Json(), "courses"), 2);
  EXPECT_GE(Num(all.Json(), "participants"), 4);
  HttpResponse csv = api_->Call("GET", "/v1/courses/" + course_ + "/analytics",
                                organizer_.key, "", {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("metric,key,value"), std::string::npos);
  EXPECT_NE(csv.body.find("followUpsMissed,,1"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("outcomesByCountry,SN,2"), std::string::npos);
  // Nobody else: the course's expert and participants, another organizer.
  EXPECT_EQ(api_->Call("GET", "/v1/courses/" + course_ + "/analytics", e1_.key)
                .status,
            403);
  EXPECT_EQ(api_->Call("GET", "/v1/courses/" + course_ + "/analytics",
                       other_organizer_.key)
                .status,
            404);
  EXPECT_EQ(api_->Call("GET", "/v1/analytics", p1_.key).status, 403);
}

}  // namespace
}  // namespace briefdesk::testing
