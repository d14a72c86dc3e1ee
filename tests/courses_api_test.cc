// Courses and their members end to end: over real HTTP, through the
// gateway, to the courses service and its PostgreSQL, and to the directory
// for the accounts of the people enrolled.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

// A six-module course from 1 March 2027 in Turin, one module a week; the
// members of `replace` (a JSON object) replace the defaults.
std::string CourseBody(const std::string& replace = "{}") {
  boost::json::array modules;
  const std::vector<std::vector<std::string>> sections = {
      {"problem"}, {"problem", "evidence"},        {"evidence"},
      {"options"}, {"options", "recommendations"}, {"summary", "references"}};
  for (int i = 0; i < 6; ++i) {
    boost::json::array names;
    for (const std::string& s : sections[i]) names.emplace_back(s);
    modules.push_back(boost::json::object{
        {"title", "Module " + std::to_string(i + 1)},
        {"dueTime", "2027-03-0" + std::to_string(2 + i) + "T16:00:00Z"},
        {"sections", names}});
  }
  boost::json::object body{
      {"title", "Evidence-based policy making for decent work"},
      {"edition", "International 2027"},
      {"language", "en"},
      {"timeZone", "Europe/Rome"},
      {"startDate", "2027-03-01"},
      {"endDate", "2027-04-09"},
      {"modules", modules}};
  const boost::json::value changes = boost::json::parse(replace);
  for (const auto& [k, v] : changes.as_object()) body[k] = v;
  return boost::json::serialize(body);
}

class CoursesApiTest : public ::testing::Test {
 protected:
  void SetUp() override { organizer_ = api_.NewUser({"ORGANIZER"}); }

  boost::json::value Create(const std::string& body) {
    HttpResponse res = api_.Call("POST", "/v1/courses", organizer_.key, body);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.Json();
  }

  HttpResponse Enrol(const std::string& course, const std::string& body) {
    return api_.Call("POST", "/v1/courses/" + course + "/members",
                     organizer_.key, body);
  }

  Api api_;
  User organizer_;
};

TEST_F(CoursesApiTest, AnOrganizerSetsUpACourseWithSixModules) {
  HttpResponse res =
      api_.Call("POST", "/v1/courses", organizer_.key, CourseBody());
  ASSERT_EQ(res.status, 201) << res.body;
  boost::json::value c = res.Json();
  std::string id = Str(c, "id");
  EXPECT_EQ(res.Header("location"), "/v1/courses/" + id);
  EXPECT_FALSE(res.Header("etag").empty());
  ASSERT_EQ(c.at("modules").as_array().size(), 6u);
  EXPECT_EQ(Str(c.at("modules").as_array()[5], "number"), "6");
  EXPECT_EQ(Str(c.at("followUp"), "intervalDays"), "61");
  EXPECT_EQ(Str(c.at("followUp"), "count"), "6");
  EXPECT_EQ(Str(c, "reviewsPerRound"), "1");

  HttpResponse got = api_.Call("GET", "/v1/courses/" + id, organizer_.key);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Header("etag"), res.Header("etag"));
  HttpResponse mine = api_.Call("GET", "/v1/courses", organizer_.key);
  ASSERT_EQ(mine.status, 200);
  const boost::json::value courses = mine.Json();
  EXPECT_EQ(Str(courses.at("courses").as_array()[0], "id"), id);
  // The creator is its organizer.
  HttpResponse members =
      api_.Call("GET", "/v1/courses/" + id + "/members", organizer_.key);
  ASSERT_EQ(members.status, 200) << members.body;
  const boost::json::value listed = members.Json();
  const auto& list = listed.at("members").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "userId"), organizer_.id);
  EXPECT_EQ(Str(list[0], "courseRole"), "ORGANIZER");
}

TEST_F(CoursesApiTest, BadCoursesAreRefusedNamingTheField) {
  struct Case {
    std::string body, field;
  } cases[] = {
      {CourseBody(R"({"timeZone":"Mars/Olympus"})"), "timeZone"},
      {CourseBody(R"({"endDate":"2027-02-01"})"), "endDate"},
      {CourseBody(R"({"language":"French"})"), "language"},
      {CourseBody(
           R"({"modules":[{"title":"A","dueTime":"2027-03-09T10:00:00Z"},)"
           R"({"title":"B","dueTime":"2027-03-02T10:00:00Z"}]})"),
       "modules[1].dueTime"},
      {CourseBody(
           R"({"modules":[{"title":"A","dueTime":"2027-03-09T10:00:00Z",)"
           R"("sections":["conclusions"]}]})"),
       "modules[0].sections"},
      {R"({"title":"No zone","startDate":"2027-03-01","endDate":"2027-04-01"})",
       "timeZone"},
  };
  for (const Case& c : cases) {
    HttpResponse res = api_.Call("POST", "/v1/courses", organizer_.key, c.body);
    EXPECT_EQ(res.status, 400) << c.field << ": " << res.body;
    EXPECT_EQ(res.ErrorField(), c.field) << res.body;
  }
  HttpResponse all = api_.Call("GET", "/v1/courses", organizer_.key);
  EXPECT_EQ(all.Json().at("courses").as_array().size(), 0u) << all.body;
}

TEST_F(CoursesApiTest, EditsNeedIfMatchAndKeepTheRest) {
  std::string id = Str(Create(CourseBody()), "id");
  std::string path = "/v1/courses/" + id;
  EXPECT_EQ(api_.Call("PATCH", path, organizer_.key, R"({"title":"X"})").status,
            428);
  EXPECT_EQ(api_.Call("PATCH", path, organizer_.key, R"({"title":"X"})",
                      {{"If-Match", "\"c41\""}})
                .status,
            412);
  std::string etag = api_.Call("GET", path, organizer_.key).Header("etag");
  HttpResponse ok = api_.Call("PATCH", path, organizer_.key,
                              R"({"title":"Renamed","followUp":{"count":4}})",
                              {{"If-Match", etag}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Str(ok.Json(), "title"), "Renamed");
  EXPECT_EQ(Str(ok.Json().at("followUp"), "count"), "4");
  EXPECT_EQ(Str(ok.Json().at("followUp"), "intervalDays"), "61");
  EXPECT_EQ(ok.Json().at("modules").as_array().size(), 6u);
  EXPECT_NE(ok.Header("etag"), etag);
}

TEST_F(CoursesApiTest, EnrolledPeopleSeeTheCourseAndOthersDoNot) {
  std::string id = Str(Create(CourseBody()), "id");
  User amina = api_.NewUser({"PARTICIPANT"});
  HttpResponse me = api_.Call("GET", "/v1/users/me", amina.key);
  std::string email = Str(me.Json(), "email");
  HttpResponse added = Enrol(
      id, R"({"email":")" + email +
              R"(","courseRole":"PARTICIPANT","organization":"Ministry of )"
              R"(Labour","constituency":"GOVERNMENT","country":"Benin"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(Str(added.Json(), "userId"), amina.id);
  EXPECT_EQ(Str(added.Json(), "invitationState"), "ACCEPTED");
  EXPECT_EQ(added.Header("location"),
            "/v1/courses/" + id + "/members/" + amina.id);
  EXPECT_EQ(api_.Call("GET", "/v1/courses/" + id, amina.key).status, 200);
  User stranger = api_.NewUser({"PARTICIPANT"});
  EXPECT_EQ(api_.Call("GET", "/v1/courses/" + id, stranger.key).status, 404);
  // A participant does not list the members.
  EXPECT_EQ(
      api_.Call("GET", "/v1/courses/" + id + "/members", amina.key).status,
      403);
  // Removed, they no longer see it; their account stays.
  EXPECT_EQ(api_.Call("DELETE", "/v1/courses/" + id + "/members/" + amina.id,
                      organizer_.key)
                .status,
            204);
  EXPECT_EQ(api_.Call("GET", "/v1/courses/" + id, amina.key).status, 404);
  EXPECT_EQ(api_.Call("GET", "/v1/users/me", amina.key).status, 200);
}

TEST_F(CoursesApiTest, ANewAddressGetsOneAccountAcrossCourses) {
  std::string first = Str(Create(CourseBody()), "id");
  std::string second = Str(Create(CourseBody()), "id");
  std::string email = "Nadia." + Api::Unique() + "@Example.org";
  std::string body = R"({"email":")" + email +
                     R"(","displayName":"نادية","courseRole":"EXPERT",)"
                     R"("expertise":["social-protection"]})";
  HttpResponse a = Enrol(first, body);
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(Str(a.Json(), "invitationState"), "PENDING");
  EXPECT_EQ(Str(a.Json(), "displayName"), "نادية");
  HttpResponse b = Enrol(second, body);
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(Str(b.Json(), "userId"), Str(a.Json(), "userId"));
  HttpResponse user = api_.Call("GET", "/v1/users/" + Str(a.Json(), "userId"),
                                api_.stack().admin_key());
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(Str(user.Json(), "roles"), R"(["EXPERT"])");
  EXPECT_EQ(Str(user.Json(), "expertise"), R"(["social-protection"])");
  // Without a name, a new address cannot be enrolled.
  HttpResponse nameless =
      Enrol(first, R"({"email":"nobody-)" + Api::Unique() +
                       R"(@example.org","courseRole":"PARTICIPANT"})");
  EXPECT_EQ(nameless.status, 400) << nameless.body;
  EXPECT_EQ(nameless.ErrorField(), "displayName");
}

TEST_F(CoursesApiTest,
       CoursesOutliveAKilledServiceAndEnrolmentWaitsForTheDirectory) {
  std::string id = Str(Create(CourseBody()), "id");
  Stack& stack = api_.stack();
  stack.Kill("courses", SIGKILL);
  stack.StartProcess("courses");
  ASSERT_TRUE(stack.WaitReady());
  HttpResponse got = api_.Call("GET", "/v1/courses/" + id, organizer_.key);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("modules").as_array().size(), 6u);
  // Without the directory nobody is enrolled, and the organizer is told
  // to try again.
  stack.Kill("briefs", SIGKILL);
  HttpResponse res = Enrol(id, R"({"email":"later-)" + Api::Unique() +
                                   R"(@example.org","displayName":"Later",)"
                                   R"("courseRole":"PARTICIPANT"})");
  stack.StartProcess("briefs");
  ASSERT_TRUE(stack.WaitReady());
  EXPECT_EQ(res.status, 503) << res.body;
  HttpResponse members =
      api_.Call("GET", "/v1/courses/" + id + "/members", organizer_.key);
  ASSERT_EQ(members.status, 200) << members.body;
  EXPECT_EQ(members.Json().at("members").as_array().size(), 1u);
}

TEST_F(CoursesApiTest, TheLastOrganizerCannotLeave) {
  std::string id = Str(Create(CourseBody()), "id");
  HttpResponse res =
      api_.Call("DELETE", "/v1/courses/" + id + "/members/" + organizer_.id,
                organizer_.key);
  EXPECT_EQ(res.status, 409) << res.body;
  EXPECT_EQ(res.ErrorCode(), "FAILED_PRECONDITION");
}

}  // namespace
}  // namespace briefdesk::testing
