// Two replicas of every service; while twelve reminders fall due, one
// notification replica and one courses replica are SIGKILLed. Each
// reminder still reaches its participant's inbox once, and each e-mail
// arrives once (counted by Message-ID).
#include <gtest/gtest.h>

#include <map>

#include "tests/courses_fixture.h"
#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

const bool kConfigured = [] {
  Stack::Options o = EmailStackOptions();
  o.courses_env["BRIEFDESK_REMINDER_POLL_MS"] = "100";
  o.replicas = 2;
  Stack::Configure(o);
  return true;
}();

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

TEST(CoursesRemindersReplicasTest, EachReminderOnceThoughProcessesAreKilled) {
  Api api;
  CourseScenario course(api);
  course.Create({{hours(60), {"problem"}}});
  constexpr int kPeople = 12;
  std::vector<User> people;
  std::vector<std::string> addresses;
  for (int i = 0; i < kPeople; ++i) {
    people.push_back(api.NewUser({"PARTICIPANT"}));
    course.Enrol(people.back(), "PARTICIPANT");
    addresses.push_back(EmailOf(api, people.back()));
  }
  api.stack().SetClockOffset(hours(13));  // every reminder falls due
  api.stack().Kill("notification", SIGKILL);
  api.stack().Kill("courses-2", SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  api.stack().StartProcess("notification");
  api.stack().StartProcess("courses-2");
  ASSERT_TRUE(api.stack().WaitReady());
  // The live replicas first send what they can (email_helpers.h).
  WaitForMailQuiet();
  // A lease the killed replica held runs out.
  api.stack().SetClockOffset(hours(13) + std::chrono::seconds(60));
  for (int i = 0; i < kPeople; ++i) {
    int n = 0;
    for (int t = 0;
         t < 150 && (n = Count(api, people[i], "milestone.due_soon")) < 1;
         ++t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(n, 1) << "participant " << i;
    EXPECT_EQ(WaitForMailTo(addresses[i], 1, 60).size(), 1u) << addresses[i];
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::map<std::string, int> by_id;
  for (int i = 0; i < kPeople; ++i) {
    EXPECT_EQ(Count(api, people[i], "milestone.due_soon"), 1) << i;
    for (const ParsedMail& m : MailTo(addresses[i])) {
      ++by_id[m.Header("Message-ID")];
    }
  }
  EXPECT_EQ(by_id.size(), static_cast<size_t>(kPeople));
  for (const auto& [id, n] : by_id) EXPECT_EQ(n, 1) << id;
}

}  // namespace
}  // namespace briefdesk::testing
