// Enrolment from a CSV file end to end: all or nothing, idempotent by
// e-mail, with an answer per row.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

// Thirty people with names in several scripts, one of them an expert.
std::string ThirtyPeople(const std::string& tag) {
  const std::vector<std::string> names = {
      "Aïssata Traoré", "Nguyễn Thị Lan", "José Pérez",  "Мария Иванова",
      "ليلى حسن",       "田中 花子",      "Ayşe Yılmaz", "Sione Tupou"};
  const std::vector<std::string> constituencies = {"GOVERNMENT", "WORKERS",
                                                   "EMPLOYERS"};
  std::string csv =
      "name,email,role,organization,constituency,country,expertise\r\n";
  for (int i = 0; i < 30; ++i) {
    csv += names[i % names.size()] + " " + std::to_string(i) + ",person" +
           std::to_string(i) + "-" + tag + "@example.org," +
           (i == 0 ? "expert" : "participant") + ",Ministry of Labour," +
           constituencies[i % 3] + ",Country " + std::to_string(i) + "," +
           (i == 0 ? "social-protection;informality" : "") + "\r\n";
  }
  return csv;
}

class CoursesImportTest : public ::testing::Test {
 protected:
  void SetUp() override { course_.Create({{hours(72), {"problem"}}}); }

  HttpResponse Import(const std::string& csv, const std::string& query = "") {
    return course_.Call(course_.organizer(), "POST", "/members:import" + query,
                        csv, {{"Content-Type", "text/csv; charset=utf-8"}});
  }

  size_t MemberCount() {
    HttpResponse res =
        course_.Call(course_.organizer(), "GET", "/members?pageSize=100");
    EXPECT_EQ(res.status, 200) << res.body;
    return res.Json().at("members").as_array().size();
  }

  Api api_;
  CourseScenario course_{api_};
};

TEST_F(CoursesImportTest, ThirtyPeopleThenTheSameFileAgainThenThreeBadRows) {
  const std::string tag = Api::Unique();
  const std::string csv = ThirtyPeople(tag);
  auto start = std::chrono::steady_clock::now();
  HttpResponse first = Import(csv);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(first.status, 200) << first.body;
  std::cout
      << "30 rows imported in "
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
      << " ms\n";
  const boost::json::value a = first.Json();
  EXPECT_EQ(Str(a, "created"), "30");
  const auto& results = a.at("results").as_array();
  ASSERT_EQ(results.size(), 30u);
  EXPECT_EQ(Str(results[0], "row"), "2");
  EXPECT_EQ(Str(results[0], "outcome"), "CREATED");
  EXPECT_FALSE(Str(results[0], "userId").empty());
  EXPECT_EQ(MemberCount(), 31u);  // and the organizer

  HttpResponse again = Import(csv);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.Json(), "unchanged"), "30");
  EXPECT_EQ(Str(again.Json(), "created"), "0");

  // Row 3: not an address; row 4: no such role; row 5: row 2's address.
  std::string bad =
      "name,email,role\r\n"
      "New Person,new-" +
      tag +
      "@example.org,participant\r\n"
      "Bad Address,not-an-address,participant\r\n"
      "Bad Role,role-" +
      tag +
      "@example.org,chair\r\n"
      "Twice,NEW-" +
      tag + "@example.org,participant\r\n";
  HttpResponse refused = Import(bad);
  ASSERT_EQ(refused.status, 400) << refused.body;
  const boost::json::value r = refused.Json();
  EXPECT_EQ(Str(r.at("error"), "code"), "INVALID_ARGUMENT");
  const auto& rows = r.at("results").as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(Str(rows[0], "outcome"), "CREATED");
  EXPECT_EQ(Str(rows[1], "outcome"), "ERROR");
  EXPECT_EQ(Str(rows[1], "row"), "3");
  EXPECT_EQ(Str(rows[1], "column"), "email");
  EXPECT_EQ(Str(rows[2], "column"), "role");
  EXPECT_NE(Str(rows[3], "error").find("row 2"), std::string::npos)
      << refused.body;
  EXPECT_EQ(MemberCount(), 31u);  // nothing applied
}

TEST_F(CoursesImportTest, AFileCannotLeaveTheCourseWithoutAnOrganizer) {
  HttpResponse me = api_.Call("GET", "/v1/users/me", course_.organizer().key);
  std::string address = Str(me.Json(), "email");
  HttpResponse res =
      Import("name,email,role\r\nMe," + address + ",participant\r\n");
  ASSERT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(Str(res.Json().at("results").as_array()[0], "column"), "role");
  // Nor can one enrolment.
  HttpResponse one = course_.Call(
      course_.organizer(), "POST", "/members",
      R"({"email":")" + address + R"(","courseRole":"PARTICIPANT"})");
  EXPECT_EQ(one.status, 409) << one.body;
  EXPECT_EQ(course_.Call(course_.organizer(), "GET", "/progress").status, 200);
}

TEST_F(CoursesImportTest, ValidateOnlyAppliesNothing) {
  HttpResponse dry = Import(ThirtyPeople(Api::Unique()), "?validateOnly=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(Str(dry.Json(), "created"), "30");
  EXPECT_EQ(MemberCount(), 1u);
}

TEST_F(CoursesImportTest, AFileThatCannotBeReadIsAClearError) {
  HttpResponse header = Import("name,mail,role\r\nA,a@example.org,expert\r\n");
  EXPECT_EQ(header.status, 400);
  EXPECT_NE(header.body.find("\"field\":\"csv\""), std::string::npos)
      << header.body;
  EXPECT_NE(header.body.find("email"), std::string::npos) << header.body;

  HttpResponse json =
      course_.Call(course_.organizer(), "POST", "/members:import", "{}",
                   {{"Content-Type", "application/json"}});
  EXPECT_EQ(json.status, 415) << json.body;

  std::string huge = "name,email,role\r\n";
  while (huge.size() < 10 * 1024 * 1024) {
    huge += "Someone,someone@example.org,participant\r\n";
  }
  HttpResponse big = Import(huge);
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("\"error\""), std::string::npos) << big.body;
  EXPECT_EQ(MemberCount(), 1u);
}

}  // namespace
}  // namespace briefdesk::testing
