// Milestones, the progress board, extensions and learning plans end to
// end: a participant's brief of the course is saved through the briefs
// service, and the courses service reads when each module was met.
#include <gtest/gtest.h>

#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

class CoursesProgressTest : public ::testing::Test {
 protected:
  // Module 1 (problem) was due two hours ago, module 2 (options) an hour
  // ago, module 3 (evidence) is due in three days, module 4
  // (recommendations) in a week.
  void SetUp() override {
    course_.Create({{-hours(2), {"problem"}},
                    {-hours(1), {"options"}},
                    {hours(72), {"evidence"}},
                    {hours(168), {"recommendations"}}});
    participant_ = api_.NewUser({"PARTICIPANT"});
    other_ = api_.NewUser({"PARTICIPANT"});
    expert_ = api_.NewUser({"EXPERT"});
    course_.Enrol(participant_, "PARTICIPANT");
    course_.Enrol(other_, "PARTICIPANT");
    course_.Enrol(expert_, "EXPERT");
  }

  // The participant's row of the board as `u` sees it.
  boost::json::value RowOf(const User& u, const std::string& user_id) {
    HttpResponse res = course_.Call(u, "GET", "/progress");
    EXPECT_EQ(res.status, 200) << res.body;
    const boost::json::value board = res.Json();
    for (const auto& row : board.at("rows").as_array()) {
      if (Str(row, "userId") == user_id) return row;
    }
    ADD_FAILURE() << "no row for " << user_id << " in " << res.body;
    return {};
  }

  static std::string StatusOf(const boost::json::value& row, int module) {
    return Str(row.at("modules").as_array()[module - 1], "status");
  }

  Api api_;
  CourseScenario course_{api_};
  User participant_, other_, expert_;
};

TEST_F(CoursesProgressTest, MilestonesFollowTheRevisionsOfTheCoursesBrief) {
  boost::json::value before = RowOf(course_.organizer(), participant_.id);
  EXPECT_EQ(StatusOf(before, 1), "MISSING");
  EXPECT_EQ(StatusOf(before, 2), "MISSING");
  EXPECT_EQ(StatusOf(before, 3), "UPCOMING");
  EXPECT_EQ(Str(before, "briefId"), "");

  // The problem (module 1, past due) and the evidence (module 3, not yet
  // due) are written now.
  boost::json::object brief = api_.NewBrief(
      participant_, R"("courseId":")" + course_.id() +
                        R"(","sections":{"problem":"Informal work.",)"
                        R"("evidence":"Labour force survey 2025."})");
  boost::json::value row = RowOf(course_.organizer(), participant_.id);
  EXPECT_EQ(Str(row, "briefId"), Str(brief, "id"));
  EXPECT_EQ(StatusOf(row, 1), "LATE");
  EXPECT_EQ(StatusOf(row, 2), "MISSING");
  EXPECT_EQ(StatusOf(row, 3), "ON_TIME");
  EXPECT_EQ(StatusOf(row, 4), "UPCOMING");
  EXPECT_FALSE(Str(row.at("modules").as_array()[2], "metTime").empty());
  // A brief of the participant's outside the course does not count.
  api_.NewBrief(other_, R"("sections":{"evidence":"Elsewhere."})");
  EXPECT_EQ(StatusOf(RowOf(course_.organizer(), other_.id), 3), "UPCOMING");

  // An extension turns the missing module 2 into an upcoming one.
  std::string until = TimeFromNow(hours(48));
  HttpResponse ext = course_.Call(
      course_.organizer(), "POST",
      "/members/" + participant_.id + "/extensions",
      R"({"module":2,"dueTime":")" + until + R"(","reason":"Illness"})");
  ASSERT_EQ(ext.status, 201) << ext.body;
  EXPECT_EQ(Str(ext.Json(), "grantedBy"), course_.organizer().id);
  row = RowOf(course_.organizer(), participant_.id);
  EXPECT_EQ(StatusOf(row, 2), "UPCOMING");
  EXPECT_EQ(Str(row.at("modules").as_array()[1], "dueTime"), until);
  EXPECT_EQ(Str(row.at("modules").as_array()[1], "extended"), "true");
  HttpResponse listed =
      course_.Call(participant_, "GET", "/members/me/extensions");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const boost::json::value extensions = listed.Json();
  EXPECT_EQ(Str(extensions.at("extensions").as_array()[0], "reason"),
            "Illness");
}

TEST_F(CoursesProgressTest, TheBoardIsForOrganizersAndEachParticipantsOwnRow) {
  HttpResponse all = course_.Call(course_.organizer(), "GET", "/progress");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().at("rows").as_array().size(), 2u);
  EXPECT_EQ(all.Header("vary"), "Accept");

  HttpResponse own = course_.Call(participant_, "GET", "/progress");
  ASSERT_EQ(own.status, 200) << own.body;
  const boost::json::value board = own.Json();
  const auto& rows = board.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "userId"), participant_.id);

  EXPECT_EQ(course_.Call(expert_, "GET", "/progress").status, 403);
  User outsider = api_.NewUser({"ORGANIZER"});
  EXPECT_EQ(course_.Call(outsider, "GET", "/progress").status, 404);
  // Extensions are granted by organizers only.
  EXPECT_EQ(course_
                .Call(participant_, "POST",
                      "/members/" + participant_.id + "/extensions",
                      R"({"module":1,"dueTime":")" + TimeFromNow(hours(5)) +
                          R"(","reason":"x"})")
                .status,
            403);
  HttpResponse bad =
      course_.Call(course_.organizer(), "POST",
                   "/members/" + participant_.id + "/extensions",
                   R"({"module":9,"dueTime":")" + TimeFromNow(hours(5)) +
                       R"(","reason":"x"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"module\""), std::string::npos) << bad.body;
  // An extension gives more time, not less.
  HttpResponse earlier =
      course_.Call(course_.organizer(), "POST",
                   "/members/" + participant_.id + "/extensions",
                   R"({"module":1,"dueTime":")" + TimeFromNow(-hours(5)) +
                       R"(","reason":"x"})");
  EXPECT_EQ(earlier.status, 400);
  EXPECT_NE(earlier.body.find("dueTime"), std::string::npos) << earlier.body;
}

TEST_F(CoursesProgressTest, TheBoardAsCsvHasALinePerParticipantAndModule) {
  HttpResponse res = course_.Call(course_.organizer(), "GET", "/progress", "",
                                  {{"Accept", "text/csv"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.Header("content-type"), "text/csv; charset=utf-8");
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < res.body.size()) {
    size_t end = res.body.find("\r\n", start);
    if (end == std::string::npos) end = res.body.size();
    lines.push_back(res.body.substr(start, end - start));
    start = end + 2;
  }
  ASSERT_EQ(lines.size(), 1u + 2 * 4) << res.body;
  EXPECT_NE(lines[0].find("userId,displayName,briefId,module"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find(",MISSING,"), std::string::npos) << lines[1];
}

TEST_F(CoursesProgressTest, ALearningPlanIsWrittenByItsParticipantWithIfMatch) {
  HttpResponse empty = course_.Call(participant_, "GET", "/members/me/plan");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Header("etag"), "\"p0\"");
  const std::string body =
      R"({"policyQuestion":"How can social protection reach informal )"
      R"(workers?","learningGoals":["Read evidence critically",)"
      R"("Write for ministers"]})";
  EXPECT_EQ(
      course_.Call(participant_, "PATCH", "/members/me/plan", body).status,
      428);
  HttpResponse saved = course_.Call(participant_, "PATCH", "/members/me/plan",
                                    body, {{"If-Match", "\"p0\""}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(Str(saved.Json(), "version"), "1");
  EXPECT_EQ(saved.Json().at("learningGoals").as_array().size(), 2u);
  EXPECT_EQ(course_
                .Call(participant_, "PATCH", "/members/me/plan", body,
                      {{"If-Match", "\"p0\""}})
                .status,
            412);
  HttpResponse six =
      course_.Call(participant_, "PATCH", "/members/me/plan",
                   R"({"learningGoals":["a","b","c","d","e","f"]})",
                   {{"If-Match", "\"p1\""}});
  EXPECT_EQ(six.status, 400);
  EXPECT_NE(six.body.find("learningGoals"), std::string::npos) << six.body;

  const std::string path = "/members/" + participant_.id + "/plan";
  HttpResponse read = course_.Call(course_.organizer(), "GET", path);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Str(read.Json(), "policyQuestion"),
            "How can social protection reach informal workers?");
  EXPECT_EQ(course_.Call(expert_, "GET", path).status, 200);
  EXPECT_EQ(course_.Call(other_, "GET", path).status, 403);
  EXPECT_EQ(
      course_
          .Call(course_.organizer(), "PATCH", path, body, {{"If-Match", "*"}})
          .status,
      403);
}

}  // namespace
}  // namespace briefdesk::testing
