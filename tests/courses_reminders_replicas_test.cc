// Two replicas of every service; while twelve reminders fall due, one
// notification replica and one courses replica are SIGKILLed. Each
// reminder still reaches its participant's inbox once, and each e-mail
// arrives (counted by Message-ID), none twice but at most the one the killed
// replica had in flight (docs/email.md); then the same for the reminders of
// follow-up sessions.
#include <gtest/gtest.h>

#include <map>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
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
    EXPECT_GE(WaitForMailTo(addresses[i], 1, 60).size(), 1u) << addresses[i];
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::map<std::string, int> by_id;
  for (int i = 0; i < kPeople; ++i) {
    EXPECT_EQ(Count(api, people[i], "milestone.due_soon"), 1) << i;
    for (const ParsedMail& m : MailTo(addresses[i])) {
      ++by_id[m.Header("Message-ID")];
    }
  }
  ExpectOnceButTheOneInFlight(by_id, kPeople, /*killed=*/1);
}

// The same for the reminders of follow-up sessions: twelve participants
// fill their agreements (six sessions each), the clock moves to the day
// before the first sessions and the same two replicas are SIGKILLed.
TEST(CoursesRemindersReplicasTest, EachSessionReminderOnceThoughKilled) {
  Api api;
  CourseScenario course(api);
  // Due in two hours of real time: past already on the stack's clock (the
  // test before moved it 13 hours on), so the agreements are open.
  course.Create({{hours(2), {"problem"}}});
  constexpr int kPeople = 12;
  std::vector<User> people;
  std::vector<std::string> addresses;
  for (int i = 0; i < kPeople; ++i) {
    people.push_back(api.NewUser({"PARTICIPANT"}));
    course.Enrol(people.back(), "PARTICIPANT");
    addresses.push_back(EmailOf(api, people.back()));
    HttpResponse agreed =
        course.Call(people.back(), "PATCH", "/members/me/agreement",
                    R"({"actions":[{"what":"Present the brief"}]})",
                    {{"If-Match", "\"a0\""}});
    ASSERT_EQ(agreed.status, 200) << agreed.body;
  }
  HttpResponse sessions = course.Call(course.organizer(), "GET", "/followUps");
  ASSERT_EQ(sessions.Json().at("followUps").as_array().size(),
            static_cast<size_t>(6 * kPeople));
  WaitForMailQuiet();
  // The day before the first session (the end date + 61 days), in UTC.
  absl::CivilDay first;
  ASSERT_TRUE(absl::ParseCivilTime(
      Str(sessions.Json().at("followUps").as_array()[0], "dueDate"), &first));
  absl::Time eve =
      absl::FromCivil(first, absl::UTCTimeZone()) - absl::Hours(24);
  auto to = [&](absl::Duration extra) {
    api.stack().SetClockOffset(
        std::chrono::seconds(absl::ToInt64Seconds(eve + extra - absl::Now())));
  };
  to(absl::ZeroDuration());
  api.stack().Kill("notification", SIGKILL);
  api.stack().Kill("courses-2", SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  api.stack().StartProcess("notification");
  api.stack().StartProcess("courses-2");
  ASSERT_TRUE(api.stack().WaitReady());
  WaitForMailQuiet();
  to(absl::Seconds(60));  // a lease the killed replica held runs out
  for (int i = 0; i < kPeople; ++i) {
    int n = 0;
    for (int t = 0;
         t < 150 && (n = Count(api, people[i], "course.followup_due")) < 1;
         ++t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(n, 1) << "participant " << i;
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  // The organizer holds every session: one reminder for each participant.
  EXPECT_EQ(Count(api, course.organizer(), "course.followup_due"), kPeople);
  std::map<std::string, int> by_id;
  for (int i = 0; i < kPeople; ++i) {
    EXPECT_EQ(Count(api, people[i], "course.followup_due"), 1) << i;
    for (const ParsedMail& m : MailTo(addresses[i])) {
      ++by_id[m.Header("Message-ID")];
    }
  }
  // Their e-mails: agreement reminders too, each once but the one in flight.
  int repeats = 0;
  for (const auto& [id, n] : by_id) repeats += n - 1;
  EXPECT_LE(repeats, 1);
}

}  // namespace
}  // namespace briefdesk::testing
