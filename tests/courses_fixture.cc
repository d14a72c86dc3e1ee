#include "tests/courses_fixture.h"

#include <gtest/gtest.h>

#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace briefdesk::testing {

std::string TimeFromNow(std::chrono::seconds offset) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::Now() + absl::FromChrono(offset),
                          absl::UTCTimeZone());
}

std::string DateFromToday(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days),
                          absl::UTCTimeZone());
}

int Count(Api& api, const User& user, const std::string& event) {
  HttpResponse res =
      api.Call("GET", "/v1/notifications?pageSize=100", user.key);
  if (res.status != 200) return -1;
  const boost::json::value v = res.Json();
  int n = 0;
  for (const auto& x : v.at("notifications").as_array()) {
    n += Str(x, "event") == event;
  }
  return n;
}

int WaitForCount(Api& api, const User& user, const std::string& event, int n) {
  int got = 0;
  for (int i = 0; i < 100 && (got = Count(api, user, event)) < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return got;
}

User NamedUser(Api& api, const std::string& role, const std::string& name) {
  boost::json::object body{
      {"displayName", name},
      {"email", "named-" + Api::Unique() + "@example.org"},
      {"roles", boost::json::array{boost::json::string(role)}}};
  HttpResponse res = api.Call("POST", "/v1/users", api.stack().admin_key(),
                              boost::json::serialize(body));
  EXPECT_EQ(res.status, 201) << res.body;
  const boost::json::value v = res.Json();
  return User{Str(v.at("user"), "id"), Str(v, "apiKey"), Str(v, "keyId")};
}

std::string CourseScenario::Create(const std::vector<ModuleSpec>& modules,
                                   int end_days) {
  organizer_ = api_.NewUser({"ORGANIZER"});
  boost::json::array list;
  for (size_t i = 0; i < modules.size(); ++i) {
    boost::json::array names;
    for (const std::string& s : modules[i].sections) names.emplace_back(s);
    list.push_back(
        boost::json::object{{"title", "Module " + std::to_string(i + 1)},
                            {"dueTime", TimeFromNow(modules[i].due)},
                            {"sections", names}});
  }
  boost::json::object body{{"title", "Course " + Api::Unique()},
                           {"edition", "Test edition"},
                           {"language", "en"},
                           {"timeZone", "UTC"},
                           {"startDate", DateFromToday(-7)},
                           {"endDate", DateFromToday(end_days)},
                           {"modules", list}};
  HttpResponse res = api_.Call("POST", "/v1/courses", organizer_.key,
                               boost::json::serialize(body));
  EXPECT_EQ(res.status, 201) << res.body;
  id_ = Str(res.Json(), "id");
  return id_;
}

int CourseScenario::Enrol(const User& u, const std::string& role) {
  HttpResponse who =
      api_.Call("GET", "/v1/users/" + u.id, api_.stack().admin_key());
  EXPECT_EQ(who.status, 200) << who.body;
  boost::json::object body{{"email", Str(who.Json(), "email")},
                           {"courseRole", role}};
  HttpResponse res =
      Call(organizer_, "POST", "/members", boost::json::serialize(body));
  EXPECT_EQ(res.status, 201) << res.body;
  return res.status;
}

HttpResponse CourseScenario::Call(const User& u, const std::string& method,
                                  const std::string& path,
                                  const std::string& body,
                                  std::map<std::string, std::string> headers) {
  return api_.Call(method, "/v1/courses/" + id_ + path, u.key, body,
                   std::move(headers));
}

}  // namespace briefdesk::testing
