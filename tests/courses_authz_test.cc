// Every course route, called by every kind of caller, against the real
// stack: the status each must get. A course a caller is not a member of is
// 404 (its existence never leaks); a member without the right is 403.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

enum Who {
  kOrganizer,
  kOtherOrganizer,
  kParticipant,
  kOtherParticipant,
  kExpert,
  kOtherExpert,
  kEditor,
  kAdmin,
  kNoKey,
  kRevoked,
  kWhoCount
};
const char* kWhoNames[] = {"organizer of the course",
                           "organizer of another course",
                           "participant of the course",
                           "participant of another course",
                           "expert of the course",
                           "another expert",
                           "editor",
                           "admin",
                           "no key",
                           "revoked key"};

struct Row {
  std::string method;
  std::string path;  // {course} and {member} are filled per call
  std::string body;  // NEW_EMAIL is replaced by a fresh address
  int expect[kWhoCount];
};

const char kCourse[] =
    R"({"title":"Course","timeZone":"Asia/Bangkok","startDate":"2027-05-03",)"
    R"("endDate":"2027-06-11","modules":[{"title":"Module 1",)"
    R"("dueTime":"2027-05-07T10:00:00Z","sections":["problem"]}]})";

class CoursesAuthzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_[kOrganizer] = api_.NewUser({"ORGANIZER"});
    users_[kOtherOrganizer] = api_.NewUser({"ORGANIZER"});
    users_[kParticipant] = api_.NewUser({"PARTICIPANT"});
    users_[kOtherParticipant] = api_.NewUser({"PARTICIPANT"});
    users_[kExpert] = api_.NewUser({"EXPERT"});
    users_[kOtherExpert] = api_.NewUser({"EXPERT"});
    users_[kEditor] = api_.NewUser({"EDITOR"});
    users_[kAdmin] = User{"bootstrap-admin", api_.stack().admin_key(), ""};
    users_[kNoKey] = User{};
    users_[kRevoked] = api_.NewUser({"ORGANIZER", "ADMIN"});
    course_ = NewCourse(users_[kOrganizer]);
    std::string other = NewCourse(users_[kOtherOrganizer]);
    Enrol(course_, kParticipant, "PARTICIPANT");
    Enrol(course_, kExpert, "EXPERT");
    Enrol(other, kOtherParticipant, "PARTICIPANT", kOtherOrganizer);
    Enrol(other, kOtherExpert, "EXPERT", kOtherOrganizer);
    Enrol(course_, kRevoked, "ORGANIZER");
    api_.Call(
        "DELETE",
        "/v1/users/" + users_[kRevoked].id + "/keys/" + users_[kRevoked].key_id,
        api_.stack().admin_key());
  }

  std::string NewCourse(const User& organizer) {
    HttpResponse res = api_.Call("POST", "/v1/courses", organizer.key, kCourse);
    EXPECT_EQ(res.status, 201) << res.body;
    return Str(res.Json(), "id");
  }

  std::string EmailOf(const User& u) {
    return Str(
        api_.Call("GET", "/v1/users/" + u.id, api_.stack().admin_key()).Json(),
        "email");
  }

  void Enrol(const std::string& course, Who who, const std::string& role,
             Who by = kOrganizer) {
    HttpResponse res =
        api_.Call("POST", "/v1/courses/" + course + "/members", users_[by].key,
                  R"({"email":")" + EmailOf(users_[who]) +
                      R"(","courseRole":")" + role + R"("})");
    EXPECT_EQ(res.status, 201) << res.body;
  }

  // A participant enrolled for one call to remove.
  std::string FreshMember() {
    HttpResponse res = api_.Call(
        "POST", "/v1/courses/" + course_ + "/members", users_[kOrganizer].key,
        R"({"email":"leaving-)" + Api::Unique() +
            R"(@example.org","displayName":"Leaving","courseRole":)"
            R"("PARTICIPANT"})");
    EXPECT_EQ(res.status, 201) << res.body;
    return Str(res.Json(), "userId");
  }

  std::string Fill(std::string path) {
    auto put = [&](const std::string& name, const std::string& value) {
      size_t p = path.find(name);
      if (p != std::string::npos) path.replace(p, name.size(), value);
    };
    put("{course}", course_);
    put("{participant}", users_[kParticipant].id);
    if (path.find("{member}") != std::string::npos)
      put("{member}", FreshMember());
    return path;
  }

  Api api_;
  User users_[kWhoCount];
  std::string course_;
};

// The route template a row calls, as the OpenAPI document names it.
std::string Template(const Row& row) {
  std::string path = row.path;
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{course}", "{id}"},
           {"{member}", "{userId}"},
           {"{participant}", "{userId}"}}) {
    if (size_t p = path.find(from); p != std::string::npos) {
      path.replace(p, from.size(), to);
    }
  }
  return row.method + " " + path;
}

TEST_F(CoursesAuthzTest, EveryCourseRouteForEveryCaller) {
  // Columns: organizer, other organizer, participant, other participant,
  // expert, other expert, editor, admin, no key, revoked.
  const std::string enrol =
      R"({"email":"NEW_EMAIL","displayName":"New","courseRole":"PARTICIPANT"})";
  const std::vector<Row> rows = {
      {"POST",
       "/v1/courses",
       kCourse,
       {201, 201, 403, 403, 403, 403, 403, 201, 401, 401}},
      {"GET",
       "/v1/courses",
       "",
       {200, 200, 200, 200, 200, 200, 200, 200, 401, 401}},
      {"GET",
       "/v1/courses/{course}",
       "",
       {200, 404, 200, 404, 200, 404, 404, 200, 401, 401}},
      {"PATCH",
       "/v1/courses/{course}",
       R"({"edition":"2027"})",
       {200, 404, 403, 404, 403, 404, 404, 200, 401, 401}},
      {"POST",
       "/v1/courses/{course}/members",
       enrol,
       {201, 404, 403, 404, 403, 404, 404, 201, 401, 401}},
      {"GET",
       "/v1/courses/{course}/members",
       "",
       {200, 404, 403, 404, 200, 404, 404, 200, 401, 401}},
      {"DELETE",
       "/v1/courses/{course}/members/{member}",
       "",
       {204, 404, 403, 404, 403, 404, 404, 204, 401, 401}},
      {"POST",
       "/v1/courses/{course}/members:import",
       "name,email,role\r\nNew,NEW_EMAIL,participant\r\n",
       {200, 404, 403, 404, 403, 404, 404, 200, 401, 401}},
      {"PATCH",
       "/v1/courses/{course}/members/{member}",
       R"({"mentorId":""})",
       {200, 404, 403, 404, 403, 404, 404, 200, 401, 401}},
      {"POST",
       "/v1/courses/{course}/members/{member}:invite",
       "",
       {200, 404, 403, 404, 403, 404, 404, 200, 401, 401}},
      {"GET",
       "/v1/courses/{course}/progress",
       "",
       {200, 404, 200, 404, 403, 404, 404, 200, 401, 401}},
      {"GET",
       "/v1/courses/{course}/members/{participant}/plan",
       "",
       {200, 404, 200, 404, 200, 404, 404, 200, 401, 401}},
      {"PATCH",
       "/v1/courses/{course}/members/{participant}/plan",
       R"({"policyQuestion":"Why?","learningGoals":["Learn"]})",
       {403, 404, 200, 404, 403, 404, 404, 403, 401, 401}},
      // The agreement opens when the module is due (May 2027): before,
      // its participant gets 409.
      {"GET",
       "/v1/courses/{course}/members/{participant}/agreement",
       "",
       {200, 404, 200, 404, 200, 404, 404, 200, 401, 401}},
      {"PATCH",
       "/v1/courses/{course}/members/{participant}/agreement",
       R"({"actions":[{"what":"Present the brief"}]})",
       {403, 404, 409, 404, 403, 404, 404, 403, 401, 401}},
      {"GET",
       "/v1/courses/{course}/analytics",
       "",
       {200, 404, 403, 404, 403, 404, 404, 200, 401, 401}},
      {"GET",
       "/v1/courses/{course}/followUps",
       "",
       {200, 404, 200, 404, 403, 404, 404, 200, 401, 401}},
      {"POST",
       "/v1/courses/{course}/members/{participant}/extensions",
       R"({"module":1,"dueTime":"2027-05-08T10:00:00Z","reason":"Ill"})",
       {201, 404, 403, 404, 403, 404, 404, 201, 401, 401}},
      {"GET",
       "/v1/courses/{course}/members/{participant}/extensions",
       "",
       {200, 404, 200, 404, 200, 404, 404, 200, 401, 401}},
  };
  // The matrix covers every course route of the served document, so a new
  // one without a row here fails this test.
  std::set<std::string> in_matrix, documented;
  for (const Row& row : rows) in_matrix.insert(Template(row));
  const boost::json::value doc =
      api_.Call("GET", "/v1/openapi.json", "").Json();
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    if (!std::string_view(path).starts_with("/v1/courses")) continue;
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      if (m == "options") continue;
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
    }
  }
  EXPECT_EQ(in_matrix, documented);
  for (const Row& row : rows) {
    for (int who = 0; who < kWhoCount; ++who) {
      std::string body = row.body;
      if (size_t p = body.find("NEW_EMAIL"); p != std::string::npos) {
        body.replace(p, 9, "new-" + Api::Unique() + "@example.org");
      }
      std::map<std::string, std::string> headers;
      if (row.method == "PATCH") headers["If-Match"] = "*";
      if (row.path.ends_with(":import")) headers["Content-Type"] = "text/csv";
      HttpResponse res =
          api_.Call(row.method, Fill(row.path), users_[who].key, body, headers);
      EXPECT_EQ(res.status, row.expect[who])
          << row.method << " " << row.path << " as " << kWhoNames[who] << ": "
          << res.body;
      EXPECT_FALSE(res.status != 204 && res.status >= 400 &&
                   res.ErrorCode().empty())
          << "error without the JSON error body: " << res.body;
    }
  }
}

}  // namespace
}  // namespace briefdesk::testing
