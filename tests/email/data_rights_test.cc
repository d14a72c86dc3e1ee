// Data rights end to end (docs/data-rights.md), over the real stack with a
// real SMTP server and a webhook receiver: a participant of a course whose
// brief was published, and whose name is in an organizer's notifications,
// webhook payloads and daily digest, downloads everything held about them;
// an admin erases them; then no answer, page, feed, export, webhook
// delivery or e-mail made afterwards holds their name or address, their
// keys stop working, and the erasure is recorded.
#include <gtest/gtest.h>

#include <atomic>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/courses_fixture.h"
#include "tests/email/email_helpers.h"
#include "tests/harness/test_http_server.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o = EmailStackOptions();
  o.notification_env["BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK"] = "true";
  o.notification_env["BRIEFDESK_WEBHOOK_BACKOFF_BASE_MS"] = "500";
  o.notification_env["BRIEFDESK_WEBHOOK_BACKOFF_MAX_MS"] = "2000";
  Stack::Configure(o);
  return true;
}();

// Everything a mail reader shows of `m`: its headers and every part's text.
std::string Shown(const ParsedMail& m) {
  std::string out;
  for (const auto& [name, value] : m.headers) out += name + ": " + value + "\n";
  for (const ParsedMail::Part& p : m.parts) out += p.text + "\n";
  return out;
}

class DataRightsTest : public ::testing::Test {
 protected:
  // A course in UTC that ends tomorrow, with an organizer (who takes the
  // follow-up reminders as a daily digest and by webhook), the participant
  // to be erased, and an expert; the participant's brief is published.
  void SetUp() override {
    api_.stack().SetClockOffset(std::chrono::seconds(0));
    today_ = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    name_ = "Zofia Erasmus-" + Api::Unique();
    participant_ = NamedUser(api_, "PARTICIPANT", name_);
    email_ = EmailOf(api_, participant_);
    organizer_ = NamedUser(api_, "ORGANIZER", "Olga Organizer");
    topic_ = "rights-" + Api::Unique();
    expert_ = api_.NewUser({"EXPERT"}, "[\"" + topic_ + "\"]");
    editor_ = api_.NewUser({"EDITOR"});
    boost::json::object course{
        {"title", "Data rights course " + Api::Unique()},
        {"timeZone", "UTC"},
        {"startDate", absl::FormatCivilTime(today_ - 10)},
        {"endDate", absl::FormatCivilTime(today_ + 1)},
        {"modules", boost::json::array{boost::json::object{
                        {"title", "Module 1"},
                        {"dueTime", TimeFromNow(std::chrono::hours(2))},
                        {"sections", boost::json::array{"problem"}}}}}};
    HttpResponse res = api_.Call("POST", "/v1/courses", organizer_.key,
                                 boost::json::serialize(course));
    ASSERT_EQ(res.status, 201) << res.body;
    course_ = Str(res.Json(), "id");
    for (auto [u, role] :
         {std::pair{&participant_, "PARTICIPANT"}, {&expert_, "EXPERT"}}) {
      boost::json::object m{{"email", EmailOf(api_, *u)}, {"courseRole", role}};
      HttpResponse enrolled =
          api_.Call("POST", "/v1/courses/" + course_ + "/members",
                    organizer_.key, boost::json::serialize(m));
      ASSERT_EQ(enrolled.status, 201) << enrolled.body;
    }
    Publish();
  }
  void TearDown() override {
    api_.stack().SetClockOffset(std::chrono::seconds(0));
  }

  void Publish() {
    HttpResponse created =
        api_.Call("POST", "/v1/briefs", participant_.key,
                  R"({"title":"Minimum wages in the care economy","topic":")" +
                      topic_ + R"(","courseId":")" + course_ + "\"," +
                      Api::CompleteSections() + "}");
    ASSERT_EQ(created.status, 201) << created.body;
    brief_ = Str(created.Json(), "id");
    ASSERT_EQ(
        api_.Call("POST", "/v1/briefs/" + brief_ + ":submit", participant_.key)
            .status,
        200);
    HttpResponse claim = api_.ClaimWithin(expert_, 20);
    ASSERT_EQ(claim.status, 200) << claim.body;
    ASSERT_EQ(api_.Complete(expert_, claim, "APPROVE").status, 200);
    HttpResponse published =
        api_.Call("POST", "/v1/briefs/" + brief_ + ":publish", editor_.key);
    ASSERT_EQ(published.status, 200) << published.body;
    slug_ = Str(published.Json(), "slug");
  }

  // Moves every process's clock so that it is `at` now.
  void ClockTo(absl::Time at) {
    api_.stack().SetClockOffset(
        std::chrono::seconds(absl::ToInt64Seconds(at - absl::Now()) + 1));
  }

  // Whether `text` holds the person's name or address.
  bool Reveals(const std::string& text) const {
    return text.find(name_) != std::string::npos ||
           text.find(email_) != std::string::npos;
  }

  // Asserts that `method` `target` as `key` answers `status` without the
  // name or the address.
  void ExpectSilent(const std::string& target, const std::string& key,
                    int status = 200) {
    HttpResponse res = api_.Call("GET", target, key);
    EXPECT_EQ(res.status, status) << target << ": " << res.body;
    EXPECT_FALSE(Reveals(res.body)) << target << " reveals: " << res.body;
  }

  Api api_;
  absl::CivilDay today_;
  std::string name_, email_, topic_, course_, brief_, slug_;
  User participant_, organizer_, expert_, editor_;
};

TEST_F(DataRightsTest, ExportHoldsEverythingAndErasureLeavesNoTrace) {
  // The organizer takes follow-up e-mails as a daily digest, and follow-up
  // notices by webhook; the receiver refuses until the erasure, so that a
  // delivery made before it is retried after it.
  ASSERT_EQ(api_.Call("PATCH", "/v1/users/me/preferences", organizer_.key,
                      R"({"email":{"followUps":"DAILY_DIGEST"}})")
                .status,
            200);
  std::atomic<bool> erased{false};
  TestHttpServer receiver([&](int) { return erased ? 200 : 500; });
  HttpResponse hook = api_.Call(
      "POST", "/v1/webhooks", organizer_.key,
      R"({"url":"http://127.0.0.1:)" + std::to_string(receiver.port()) +
          R"(/hook","events":["course.followup_due"]})");
  ASSERT_EQ(hook.status, 201) << hook.body;

  // The publication planned six sessions; a day before the first, the
  // organizer is reminded with the participant's name.
  absl::CivilDay first_session = today_ + 1 + 61;
  ClockTo(absl::FromCivil(first_session, absl::UTCTimeZone()) -
          absl::Hours(24));
  ASSERT_EQ(WaitForCount(api_, organizer_, "course.followup_due", 1), 1);
  std::vector<TestHttpServer::Received> got =
      receiver.WaitFor(1, std::chrono::seconds(20));
  ASSERT_GE(got.size(), 1u);
  ASSERT_TRUE(Reveals(got[0].body)) << "the name is in the payload before";
  ASSERT_TRUE(
      Reveals(api_.Call("GET", "/v1/notifications", organizer_.key).body));
  HttpResponse page_before = api_.Call("GET", "/published/" + slug_, "");
  ASSERT_TRUE(Reveals(page_before.body));
  const std::string modified_before = page_before.Header("last-modified");
  ASSERT_FALSE(modified_before.empty());

  // The export: everything, only the caller's, as a download.
  HttpResponse mine = api_.Call("GET", "/v1/users/me:export", participant_.key);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Header("content-disposition"),
            "attachment; filename=\"briefdesk-export.json\"");
  EXPECT_EQ(mine.Header("cache-control"), "no-store");
  boost::json::value all = mine.Json();
  EXPECT_EQ(Str(all.at("account").at("user"), "email"), email_);
  EXPECT_EQ(Str(all.at("account").at("user"), "displayName"), name_);
  EXPECT_EQ(all.at("account").at("apiKeys").as_array().size(), 1u);
  EXPECT_EQ(Str(all.at("briefs").at("briefs").as_array()[0], "id"), brief_);
  EXPECT_GE(all.at("briefs").at("revisions").as_array().size(), 1u);
  EXPECT_EQ(Str(all.at("courses").at("memberships").as_array()[0], "courseId"),
            course_);
  EXPECT_EQ(all.at("courses").at("followUps").as_array().size(), 6u);
  EXPECT_GE(all.at("notifications").at("notifications").as_array().size(), 2u)
      << "brief.approved, brief.published, course.followup_due";
  EXPECT_GE(all.at("notifications").at("emails").as_array().size(), 1u);
  EXPECT_TRUE(all.at("reviews").at("reviews").as_array().empty());
  EXPECT_EQ(mine.body.find("\"key\""), std::string::npos) << "never a key";
  // The expert's export has their review, and nothing of the participant's.
  HttpResponse theirs = api_.Call("GET", "/v1/users/me:export", expert_.key);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.Json().at("reviews").at("reviews").as_array().size(), 1u);
  EXPECT_FALSE(Reveals(theirs.body));
  EXPECT_EQ(api_.Call("GET", "/v1/users/me:export", "").status, 401);

  // Only an admin erases, never themselves; an unknown person is 404.
  const std::string erase = "/v1/users/" + participant_.id + ":erase";
  EXPECT_EQ(api_.Call("POST", erase, organizer_.key).status, 403);
  EXPECT_EQ(
      api_.Call("POST", "/v1/users/nobody:erase", api_.stack().admin_key())
          .status,
      404);
  User admin2 = api_.NewUser({"ADMIN"});
  EXPECT_EQ(
      api_.Call("POST", "/v1/users/" + admin2.id + ":erase", admin2.key).status,
      409);
  EXPECT_EQ(
      api_.Call("POST", "/v1/users/bootstrap-admin:erase", admin2.key).status,
      409)
      << "the installation's account, not a person's";
  HttpResponse done = api_.Call("POST", erase, admin2.key);
  ASSERT_EQ(done.status, 200) << done.body;
  erased = true;
  const size_t delivered_before = receiver.received().size();
  EXPECT_EQ(done.Header("x-briefdesk-effects"), "applied");
  EXPECT_EQ(Str(done.Json(), "userId"), participant_.id);
  EXPECT_EQ(Str(done.Json(), "erasedBy"), admin2.id);
  EXPECT_EQ(Str(done.Json(), "publishedName"), "Anonymous author");
  EXPECT_FALSE(Reveals(done.body));
  HttpResponse again = api_.Call("POST", erase, api_.stack().admin_key());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.Json(), "id"), Str(done.Json(), "id")) << "recorded once";

  // The record, and the account that cannot be used any more (a key stops
  // within the gateway's cache time).
  HttpResponse user = api_.Call("GET", "/v1/users/" + participant_.id,
                                api_.stack().admin_key());
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(Str(user.Json(), "displayName"), "Erased person");
  EXPECT_EQ(Str(user.Json(), "email"), "");
  EXPECT_TRUE(user.Json().as_object().contains("eraseTime")) << user.body;
  EXPECT_EQ(api_.Call("POST", "/v1/users/" + participant_.id + "/keys",
                      api_.stack().admin_key())
                .status,
            409)
      << "an erased account gets no key";
  int status = 0;
  for (int i = 0; i < 100 && status != 401; ++i) {
    status = api_.Call("GET", "/v1/users/me", participant_.key).status;
    if (status != 401)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 401);

  // Nothing shows the name or address any more.
  const std::string& admin = api_.stack().admin_key();
  ExpectSilent("/published/" + slug_, "");
  EXPECT_NE(
      api_.Call("GET", "/published/" + slug_, "").body.find("Anonymous author"),
      std::string::npos);
  ExpectSilent("/published/" + slug_ + ".md", "");
  // A cache that revalidates by date gets the new byline, not a 304.
  HttpResponse revalidated =
      api_.Call("GET", "/published/" + slug_, "", "",
                {{"If-Modified-Since", modified_before}});
  EXPECT_EQ(revalidated.status, 200);
  EXPECT_FALSE(Reveals(revalidated.body));
  ExpectSilent("/published", "");
  ExpectSilent("/published/feed.atom", "");
  ExpectSilent("/v1/users?pageSize=100", admin);
  ExpectSilent("/v1/users/" + participant_.id, admin);
  ExpectSilent("/v1/courses/" + course_ + "/members", organizer_.key);
  ExpectSilent("/v1/courses/" + course_ + "/progress", organizer_.key);
  ExpectSilent("/v1/courses/" + course_ + "/analytics", organizer_.key);
  ExpectSilent("/v1/briefs/" + brief_, expert_.key);
  ExpectSilent("/v1/notifications", organizer_.key);
  ExpectSilent("/v1/users/me:export", organizer_.key);
  ExpectSilent("/v1/emails?userId=" + organizer_.id, admin);
  ExpectSilent("/v1/emails?userId=" + participant_.id, admin);
  ExpectSilent("/v1/webhooks/" + Str(hook.Json(), "id") + "/deliveries",
               organizer_.key);
  // Sessions still to come are dropped: no one can be followed up.
  HttpResponse sessions =
      api_.Call("GET", "/v1/courses/" + course_ + "/followUps", organizer_.key);
  ASSERT_EQ(sessions.status, 200) << sessions.body;
  EXPECT_TRUE(sessions.Json().at("followUps").as_array().empty())
      << sessions.body;

  // The delivery refused before is retried, without the name.
  got = receiver.WaitFor(delivered_before + 1, std::chrono::seconds(20));
  ASSERT_GT(got.size(), delivered_before);
  EXPECT_FALSE(Reveals(got.back().body)) << got.back().body;
  EXPECT_NE(got.back().body.find("Erased person"), std::string::npos);

  // The organizer's digest, sent the next morning, names no one erased; and
  // nothing went to the erased address after the erasure.
  size_t to_them = MailTo(email_).size();
  WaitForMailQuiet();
  ClockTo(absl::FromCivil(first_session, absl::UTCTimeZone()) + absl::Hours(7) +
          absl::Minutes(5));
  std::vector<ParsedMail> digest =
      WaitForMailTo(EmailOf(api_, organizer_), 1, 30);
  ASSERT_EQ(digest.size(), 1u);
  const std::string shown = Shown(digest[0]);
  EXPECT_FALSE(Reveals(shown)) << shown;
  EXPECT_NE(shown.find("Erased person"), std::string::npos) << shown;
  EXPECT_EQ(MailTo(email_).size(), to_them);
}

}  // namespace
}  // namespace briefdesk::testing
