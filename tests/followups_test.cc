// After the course, end to end and driven by the stack's clock setting:
// the next-steps agreement opens when the last module is due; filling it
// plans six follow-up sessions on the plan's days in the course's time
// zone, assigned to an organizer; the participant and the organizer are
// reminded before a session, once; a session is recorded with progress on
// the agreed actions and outcomes, confirming the participant's report; a
// session not recorded past its grace period turns MISSED, the organizers
// are told, and it is rescheduled; a published brief plans sessions too.
#include <gtest/gtest.h>

#include <thread>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

class FollowUpsTest : public ::testing::Test {
 protected:
  // A course in Rome that ends tomorrow there; its one module is due in
  // two hours.
  void SetUp() override {
    api_.stack().SetClockOffset(std::chrono::seconds(0));
    ASSERT_TRUE(absl::LoadTimeZone("Europe/Rome", &rome_));
    today_ = absl::ToCivilDay(absl::Now(), rome_);
    organizer_ = NamedUser(api_, "ORGANIZER", "Olga Organizer");
    second_organizer_ = NamedUser(api_, "ORGANIZER", "Omar Organizer");
    participant_ = NamedUser(api_, "PARTICIPANT", "Amina Diallo");
    quiet_ = NamedUser(api_, "PARTICIPANT", "Quentin Quiet");
    expert_ = api_.NewUser({"EXPERT"});
    boost::json::object body{
        {"title", "Follow-up course " + Api::Unique()},
        {"timeZone", "Europe/Rome"},
        {"startDate", absl::FormatCivilTime(today_ - 10)},
        {"endDate", absl::FormatCivilTime(today_ + 1)},
        {"modules", boost::json::array{boost::json::object{
                        {"title", "Module 1"},
                        {"dueTime", TimeFromNow(hours(2))},
                        {"sections", boost::json::array{"problem"}}}}}};
    HttpResponse res = api_.Call("POST", "/v1/courses", organizer_.key,
                                 boost::json::serialize(body));
    ASSERT_EQ(res.status, 201) << res.body;
    course_ = Str(res.Json(), "id");
    for (auto [u, role] : {std::pair{&second_organizer_, "ORGANIZER"},
                           {&participant_, "PARTICIPANT"},
                           {&quiet_, "PARTICIPANT"},
                           {&expert_, "EXPERT"}}) {
      Enrol(*u, role);
    }
  }
  void TearDown() override {
    api_.stack().SetClockOffset(std::chrono::seconds(0));
  }

  void Enrol(const User& u, const std::string& role) {
    HttpResponse who =
        api_.Call("GET", "/v1/users/" + u.id, api_.stack().admin_key());
    boost::json::object body{{"email", Str(who.Json(), "email")},
                             {"courseRole", role}};
    HttpResponse res =
        Call(organizer_, "POST", "/members", boost::json::serialize(body));
    ASSERT_EQ(res.status, 201) << res.body;
  }

  HttpResponse Call(const User& u, const std::string& method,
                    const std::string& path, const std::string& body = "",
                    std::map<std::string, std::string> headers = {}) {
    return api_.Call(method, "/v1/courses/" + course_ + path, u.key, body,
                     std::move(headers));
  }

  HttpResponse Agree(const User& u, const std::string& etag) {
    return Call(u, "PATCH", "/members/me/agreement",
                R"({"actions":[{"what":"Present the brief to the tripartite )"
                R"(labour council","withWhom":"Ministry of Labour",)"
                R"("byDate":"2027-03-31"},{"what":"Draft a decree"}],)"
                R"("audience":"Labour council","supportNeeded":"Data"})",
                {{"If-Match", "\"" + etag + "\""}});
  }

  boost::json::array FollowUpsOf(const User& caller,
                                 const std::string& query = "") {
    HttpResponse res = Call(caller, "GET", "/followUps" + query);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.Json().at("followUps").as_array();
  }

  // Moves every process's clock so that it is `at` now.
  void ClockTo(absl::Time at) {
    api_.stack().SetClockOffset(
        std::chrono::seconds(absl::ToInt64Seconds(at - absl::Now()) + 1));
  }

  absl::CivilDay SessionDay(int k) const { return today_ + 1 + 61 * k; }

  Api api_;
  absl::TimeZone rome_;
  absl::CivilDay today_;
  std::string course_;
  User organizer_, second_organizer_, participant_, quiet_, expert_;
};

TEST_F(FollowUpsTest, AgreementPlansSixSessionsRemindedOnceRecordedOrMissed) {
  // Before the last module is due the agreement cannot be filled.
  EXPECT_EQ(Agree(participant_, "a0").status, 409);
  ClockTo(absl::Now() + absl::Hours(3));
  HttpResponse empty = Call(participant_, "GET", "/members/me/agreement");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Json().at("version").as_int64(), 0);
  EXPECT_EQ(empty.Header("etag"), "\"a0\"");
  HttpResponse agreed = Agree(participant_, "a0");
  ASSERT_EQ(agreed.status, 200) << agreed.body;
  EXPECT_EQ(agreed.Json().at("version").as_int64(), 1);
  EXPECT_EQ(Agree(participant_, "a0").status, 412) << "a stale version";
  // Organizers and the course's experts read it; another participant not.
  EXPECT_EQ(
      Call(expert_, "GET", "/members/" + participant_.id + "/agreement").status,
      200);
  EXPECT_EQ(
      Call(quiet_, "GET", "/members/" + participant_.id + "/agreement").status,
      403);
  // The one who did not fill it is reminded, and a week later again; the
  // one who filled it is not reminded any more.
  EXPECT_EQ(WaitForCount(api_, quiet_, "agreement.due", 1), 1);
  {
    // The notification names its course, for the app's link.
    const boost::json::value inbox =
        api_.Call("GET", "/v1/notifications", quiet_.key).Json();
    EXPECT_EQ(Str(inbox.at("notifications").as_array()[0], "courseId"),
              course_);
  }
  int reminded = Count(api_, participant_, "agreement.due");
  ClockTo(absl::Now() + absl::Hours(3 + 24 * 7));
  EXPECT_EQ(WaitForCount(api_, quiet_, "agreement.due", 2), 2);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Count(api_, participant_, "agreement.due"), reminded);

  // Six sessions, 61 days apart from the end date, in Rome's days.
  boost::json::array sessions = FollowUpsOf(organizer_);
  ASSERT_EQ(sessions.size(), 6u);
  for (int k = 1; k <= 6; ++k) {
    const auto& f = sessions[k - 1];
    EXPECT_EQ(Str(f, "userId"), participant_.id);
    EXPECT_EQ(f.at("number").as_int64(), k);
    EXPECT_EQ(Str(f, "dueDate"), absl::FormatCivilTime(SessionDay(k)));
    EXPECT_EQ(Str(f, "state"), "SCHEDULED");
  }
  std::string assignee = Str(sessions[0], "assigneeId");
  EXPECT_TRUE(assignee == organizer_.id || assignee == second_organizer_.id);
  const User& holder =
      assignee == organizer_.id ? organizer_ : second_organizer_;
  EXPECT_EQ(FollowUpsOf(participant_).size(), 6u);
  EXPECT_EQ(FollowUpsOf(quiet_).size(), 0u);
  EXPECT_EQ(Call(expert_, "GET", "/followUps").status, 403);

  // A day before the first session (in Rome): the participant and the
  // organizer who holds it are reminded, once.
  ClockTo(absl::FromCivil(SessionDay(1), rome_) - absl::Hours(24));
  EXPECT_EQ(WaitForCount(api_, participant_, "course.followup_due", 1), 1);
  EXPECT_EQ(WaitForCount(api_, holder, "course.followup_due", 1), 1);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Count(api_, participant_, "course.followup_due"), 1);
  EXPECT_EQ(Count(api_, holder, "course.followup_due"), 1);

  // The participant reports; the organizer records the session held,
  // confirming the report.
  std::string first = Str(sessions[0], "id");
  HttpResponse report = api_.Call(
      "POST", "/v1/followUps/" + first + "/reports", participant_.key,
      R"({"note":"The council discussed the brief.","outcomes":[{"kind":)"
      R"("PRESENTED_TO_TRIPARTITE_BODY","description":"Presented on 3 May",)"
      R"("significance":"MEDIUM"}]})");
  ASSERT_EQ(report.status, 201) << report.body;
  HttpResponse bad =
      api_.Call("POST", "/v1/followUps/" + first + ":record", holder.key,
                R"({"channel":"PHONE","heldTime":")" + TimeFromNow(hours(0)) +
                    R"(","actionProgress":[{"action":5,"status":"DONE"}]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  HttpResponse recorded = api_.Call(
      "POST", "/v1/followUps/" + first + ":record", holder.key,
      R"({"channel":"PHONE","heldTime":")" +
          absl::FormatTime(
              "%Y-%m-%dT%H:%M:%SZ",
              absl::FromCivil(SessionDay(1), rome_) - absl::Hours(25),
              absl::UTCTimeZone()) +
          R"(","actionProgress":[{"action":1,"status":"DONE"},)"
          R"({"action":2,"status":"IN_PROGRESS","note":"Drafting"}],)"
          R"("outcomes":[{"kind":"BRIEF_CITED","description":"Cited in the )"
          R"(decree's preamble","significance":"HIGH","contribution":"The )"
          R"(brief's figures","source":"Decree 12/2027","verified":true}],)"
          R"("confirmedReportIds":[")" +
          Str(report.Json(), "id") + "\"]}");
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_EQ(Str(recorded.Json(), "state"), "HELD");
  EXPECT_EQ(Str(recorded.Json().at("record"), "recordedBy"), holder.id);
  EXPECT_TRUE(
      recorded.Json().at("reports").as_array()[0].at("confirmed").as_bool());
  EXPECT_EQ(api_.Call("POST", "/v1/followUps/" + first + ":record", holder.key,
                      R"({"channel":"EMAIL","heldTime":")" +
                          TimeFromNow(hours(0)) + "\"}")
                .status,
            409);

  // The second session passes unrecorded, past the grace period (14
  // days): MISSED, and the organizers are told once.
  ClockTo(absl::FromCivil(SessionDay(2) + 16, rome_));
  EXPECT_EQ(WaitForCount(api_, organizer_, "followup.missed", 1), 1);
  EXPECT_EQ(WaitForCount(api_, second_organizer_, "followup.missed", 1), 1);
  std::string second = Str(sessions[1], "id");
  HttpResponse missed =
      api_.Call("GET", "/v1/followUps/" + second, organizer_.key);
  EXPECT_EQ(Str(missed.Json(), "state"), "MISSED");
  HttpResponse moved = api_.Call(
      "POST", "/v1/followUps/" + second + ":reschedule", organizer_.key,
      R"({"dueDate":")" + absl::FormatCivilTime(SessionDay(2) + 20) +
          R"(","reason":"The participant was travelling"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Str(moved.Json(), "state"), "SCHEDULED");
  EXPECT_EQ(Str(moved.Json(), "dueDate"),
            absl::FormatCivilTime(SessionDay(2) + 20));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Count(api_, organizer_, "followup.missed"), 1);
}

TEST_F(FollowUpsTest, APublishedBriefOfTheCoursePlansSessionsToo) {
  std::string topic = "followups-" + Api::Unique();
  User reviewer = api_.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  User editor = api_.NewUser({"EDITOR"});
  HttpResponse created = api_.Call("POST", "/v1/briefs", quiet_.key,
                                   R"({"title":"Wage councils","topic":")" +
                                       topic + R"(","courseId":")" + course_ +
                                       "\"," + Api::CompleteSections() + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = Str(created.Json(), "id");
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + id + ":submit", quiet_.key).status,
      200);
  HttpResponse claim = api_.ClaimWithin(reviewer, 20);
  ASSERT_EQ(claim.status, 200) << claim.body;
  ASSERT_EQ(api_.Complete(reviewer, claim, "APPROVE").status, 200);
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + id + ":publish", editor.key).status,
      200);
  // The event reaches the courses service (after the answer).
  boost::json::array sessions;
  for (int i = 0; i < 100 && sessions.empty(); ++i) {
    sessions = FollowUpsOf(organizer_, "?userId=" + quiet_.id);
    if (sessions.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_EQ(sessions.size(), 6u);
  EXPECT_EQ(Str(sessions[0], "dueDate"), absl::FormatCivilTime(SessionDay(1)));
}

}  // namespace
}  // namespace briefdesk::testing
