// Data written before courses: users and briefs with a free `cohort`
// string. When the courses service starts, each string becomes a course:
// its users members, its briefs carrying the course's id; the old cohort
// filter still answers as before.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

User WithCohort(Api& api, const std::string& role, const std::string& cohort) {
  std::string body = R"({"displayName":"Legacy )" + role +
                     R"(","email":"legacy-)" + Api::Unique() +
                     R"(@example.org","roles":[")" + role + R"("],"cohort":")" +
                     cohort + R"("})";
  HttpResponse res =
      api.Call("POST", "/v1/users", api.stack().admin_key(), body);
  EXPECT_EQ(res.status, 201) << res.body;
  const boost::json::value v = res.Json();
  return User{Str(v.at("user"), "id"), Str(v, "apiKey"), Str(v, "keyId")};
}

std::vector<std::string> BriefIds(Api& api, const User& u,
                                  const std::string& query) {
  HttpResponse res = api.Call("GET", "/v1/briefs?" + query, u.key);
  EXPECT_EQ(res.status, 200) << res.body;
  std::vector<std::string> ids;
  const boost::json::value v = res.Json();
  for (const auto& b : v.at("briefs").as_array()) ids.push_back(Str(b, "id"));
  return ids;
}

TEST(CoursesCohortTest, EachCohortStringBecomesACourseWithNothingLost) {
  Api api;
  const std::string cohort = "2019-turin-" + Api::Unique();
  User author = WithCohort(api, "PARTICIPANT", cohort);
  User expert = WithCohort(api, "EXPERT", cohort);
  std::string first = Str(api.NewBrief(author), "id");
  std::string second = Str(api.NewBrief(author), "id");
  ASSERT_EQ(BriefIds(api, author, "cohort=" + cohort).size(), 2u);

  // The upgrade: the courses service starts (again) and migrates.
  api.stack().Kill("courses", SIGTERM);
  api.stack().StartProcess("courses");
  ASSERT_TRUE(api.stack().WaitReady());
  std::string course;
  for (int i = 0; i < 100 && course.empty(); ++i) {
    HttpResponse mine = api.Call("GET", "/v1/courses", author.key);
    const boost::json::value v = mine.Json();
    for (const auto& c : v.at("courses").as_array()) {
      if (Str(c, "edition") == cohort) course = Str(c, "id");
    }
    if (course.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  ASSERT_FALSE(course.empty()) << "no course made of " << cohort;
  HttpResponse got = api.Call("GET", "/v1/courses/" + course, author.key);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Str(got.Json(), "title"), "Cohort " + cohort);
  // The expert is a member too; the admin lists them.
  HttpResponse members = api.Call("GET", "/v1/courses/" + course + "/members",
                                  api.stack().admin_key());
  ASSERT_EQ(members.status, 200) << members.body;
  EXPECT_NE(members.body.find(expert.id), std::string::npos) << members.body;
  EXPECT_NE(members.body.find("\"EXPERT\""), std::string::npos);
  // Every brief carries the course, and both filters find them.
  std::vector<std::string> by_course =
      BriefIds(api, author, "courseId=" + course);
  EXPECT_EQ(by_course.size(), 2u);
  EXPECT_EQ(BriefIds(api, author, "cohort=" + cohort).size(), 2u);
  HttpResponse brief = api.Call("GET", "/v1/briefs/" + first, author.key);
  EXPECT_EQ(Str(brief.Json(), "courseId"), course);
  EXPECT_EQ(Str(brief.Json(), "cohort"), cohort);
  (void)second;

  // Once only: another start makes no second course.
  api.stack().Kill("courses", SIGTERM);
  api.stack().StartProcess("courses");
  ASSERT_TRUE(api.stack().WaitReady());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  int made = 0;
  HttpResponse all = api.Call("GET", "/v1/courses?pageSize=100", author.key);
  const boost::json::value v = all.Json();
  for (const auto& c : v.at("courses").as_array()) {
    made += Str(c, "edition") == cohort;
  }
  EXPECT_EQ(made, 1);
}

}  // namespace
}  // namespace briefdesk::testing
