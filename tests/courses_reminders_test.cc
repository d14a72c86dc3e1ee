// Reminders of due times, agreements and follow-ups end to end: the
// courses service plans them and writes them to its outbox, the notification
// service puts them in inboxes and sends e-mail to a real SMTP server. Time
// moves through the stack's clock setting, forward only: the steps run in order
// in one test.
#include <gtest/gtest.h>

#include "tests/courses_fixture.h"
#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

const bool kConfigured = [] {
  Stack::Options o = EmailStackOptions();
  o.courses_env["BRIEFDESK_REMINDER_POLL_MS"] = "200";
  Stack::Configure(o);
  return true;
}();

// Mail to `address` whose subject contains `words`.
size_t MailAbout(const std::string& address, const std::string& words) {
  size_t n = 0;
  for (const ParsedMail& m : MailTo(address)) {
    n += m.Header("Subject").find(words) != std::string::npos;
  }
  return n;
}

TEST(CoursesRemindersTest, BeforeAndAfterADueTimeAndBeforeAFollowUp) {
  Api api;
  CourseScenario course(api);
  // Module 1 (the problem) is due in 60 hours, beyond the 48 hours of
  // notice; the course ends in three days (follow-up 1: 61 days later).
  course.Create({{hours(60), {"problem"}}}, 3);
  User late = NamedUser(api, "PARTICIPANT", "Kofi Late Mensah");
  User done = NamedUser(api, "PARTICIPANT", "Ana Done Quispe");
  course.Enrol(late, "PARTICIPANT");
  course.Enrol(done, "PARTICIPANT");
  api.NewBrief(done, R"("courseId":")" + course.id() +
                         R"(","sections":{"problem":"Youth unemployment."})");
  const std::string late_mail = EmailOf(api, late);
  const std::string done_mail = EmailOf(api, done);
  const std::string organizer_mail = EmailOf(api, course.organizer());

  // 13 hours on, the due time is 47 hours away: a reminder to the one
  // whose milestone is not met, none to the one who met it.
  api.stack().SetClockOffset(hours(13));
  EXPECT_EQ(WaitForCount(api, late, "milestone.due_soon", 1), 1);
  EXPECT_EQ(WaitForMailTo(late_mail, 1).size(), 1u);
  std::this_thread::sleep_for(std::chrono::seconds(1));  // several polls
  EXPECT_EQ(Count(api, late, "milestone.due_soon"), 1);
  EXPECT_EQ(Count(api, done, "milestone.due_soon"), 0);
  EXPECT_EQ(MailTo(done_mail).size(), 0u);

  // Past the due time: an overdue notice to the participant, and one
  // digest to the organizer naming who is missing.
  api.stack().SetClockOffset(hours(61));
  EXPECT_EQ(WaitForCount(api, late, "milestone.overdue", 1), 1);
  EXPECT_EQ(WaitForCount(api, course.organizer(), "milestone.digest", 1), 1);
  // (The agreement on next steps opens now too: its reminder is mail of
  // its own.)
  WaitForMailTo(late_mail, 2);
  EXPECT_EQ(MailAbout(late_mail, "Module overdue"), 1u);
  std::vector<ParsedMail> digest = WaitForMailTo(organizer_mail, 1);
  ASSERT_EQ(digest.size(), 1u);
  std::string text;
  for (const auto& p : digest[0].parts) text += p.text;
  EXPECT_NE(text.find("Kofi Late Mensah"), std::string::npos) << text;
  EXPECT_EQ(text.find("Ana Done Quispe"), std::string::npos) << text;
  EXPECT_EQ(Count(api, done, "milestone.overdue"), 0);
  // The board keeps what was recorded at the due time.
  HttpResponse board = course.Call(course.organizer(), "GET", "/progress");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_NE(board.body.find("MISSING"), std::string::npos) << board.body;
  EXPECT_NE(board.body.find("ON_TIME"), std::string::npos) << board.body;

  // The last module is due: the one who fills the agreement on next steps
  // is followed up; the other is reminded to fill it.
  HttpResponse agreed = course.Call(
      done, "PATCH", "/members/me/agreement",
      R"({"actions":[{"what":"Present the brief to the labour council"}]})",
      {{"If-Match", "\"a0\""}});
  ASSERT_EQ(agreed.status, 200) << agreed.body;
  EXPECT_EQ(WaitForCount(api, late, "agreement.due", 1), 1);
  WaitForMailTo(late_mail, 3);
  EXPECT_EQ(MailAbout(late_mail, "Your next steps"), 1u);
  // A week on, reminded again until it is filled; the one who filled it
  // is not.
  int done_reminded = Count(api, done, "agreement.due");
  api.stack().SetClockOffset(hours(61 + 24 * 7 + 1));
  EXPECT_EQ(WaitForCount(api, late, "agreement.due", 2), 2);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Count(api, done, "agreement.due"), done_reminded);

  // Two days before the first follow-up (61 days after the end date): the
  // participant followed up and the organizer who holds the session.
  api.stack().SetClockOffset(hours(24 * 63));
  EXPECT_EQ(WaitForCount(api, done, "course.followup_due", 1), 1);
  EXPECT_EQ(WaitForCount(api, course.organizer(), "course.followup_due", 1), 1);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(Count(api, done, "course.followup_due"), 1);
  EXPECT_EQ(Count(api, late, "course.followup_due"), 0);
  EXPECT_EQ(Count(api, late, "agreement.due"), 2);
  EXPECT_EQ(Count(api, late, "milestone.due_soon"), 1);
  EXPECT_EQ(Count(api, late, "milestone.overdue"), 1);
  EXPECT_EQ(Count(api, course.organizer(), "milestone.digest"), 1);
}

}  // namespace
}  // namespace briefdesk::testing
