// E-mail end to end: real HTTP through the gateway, PostgreSQL, Redis, gRPC
// between the services, and a real SMTP server (aiosmtpd). Tests that move
// the clock come last; the clock only moves forward.
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/match.h"
#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Configure(EmailStackOptions());
  return true;
}();

std::string Part(const ParsedMail& m, const std::string& type) {
  for (const auto& p : m.parts) {
    if (p.content_type == type) return p.text;
  }
  return "";
}

class EmailTest : public ::testing::Test {
 protected:
  Api api_;
};

TEST_F(EmailTest, AnApprovedBriefArrivesByEmailAsTextAndHtml) {
  Pair p = NewPair(api_);
  std::string id = Approved(api_, p, "Wages & <prices>");
  std::string to = EmailOf(api_, p.author);
  auto got = WaitForMailTo(to, 1);
  ASSERT_EQ(got.size(), 1u);
  const ParsedMail& m = got[0];
  EXPECT_EQ(m.error, "");
  EXPECT_EQ(m.defects, 0);
  EXPECT_EQ(m.content_type, "multipart/alternative");
  EXPECT_EQ(m.Header("Subject"), "Brief approved: Wages & <prices>");
  EXPECT_EQ(m.to_name, "Test user");
  EXPECT_EQ(m.from_email, "briefdesk@test.example");
  std::string text = Part(m, "text/plain"), html = Part(m, "text/html");
  EXPECT_NE(text.find("http://briefdesk.test/app/briefs/" + id + "/reviews"),
            std::string::npos);
  EXPECT_NE(html.find("Wages &amp; &lt;prices&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<prices>"), std::string::npos);
  EXPECT_TRUE(
      absl::StartsWith(m.Header("List-Unsubscribe"),
                       "<http://briefdesk.test/v1/email:unsubscribe?token="));
  EXPECT_EQ(m.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_TRUE(absl::EndsWith(m.Header("Message-ID"), "@test.example>"));
  // The expert and editors are told in their inbox, not by e-mail.
  EXPECT_TRUE(MailTo(EmailOf(api_, p.expert)).empty());
}

TEST_F(EmailTest, PreferencesAreReadChangedPerKindAndCheckedByField) {
  User u = api_.NewUser({"PARTICIPANT"});
  HttpResponse get = api_.Call("GET", "/v1/users/me/preferences", u.key);
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(boost::json::serialize(get.Json()),
            R"({"email":{"reminders":"IMMEDIATE","reviews":"IMMEDIATE",)"
            R"("publication":"IMMEDIATE","followUps":"IMMEDIATE",)"
            R"("guidance":"IMMEDIATE"}})");
  HttpResponse patch =
      api_.Call("PATCH", "/v1/users/me/preferences", u.key,
                R"({"email":{"followUps":"DAILY_DIGEST","reviews":"NONE"}})");
  ASSERT_EQ(patch.status, 200) << patch.body;
  auto email = patch.Json().at("email");
  EXPECT_EQ(Str(email, "followUps"), "DAILY_DIGEST");
  EXPECT_EQ(Str(email, "reviews"), "NONE");
  EXPECT_EQ(Str(email, "reminders"), "IMMEDIATE");
  HttpResponse bad = api_.Call("PATCH", "/v1/users/me/preferences", u.key,
                               R"({"email":{"publication":"WEEKLY"}})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("\"field\":\"email.publication\""), std::string::npos)
      << bad.body;
  // Nothing changed by the refused call; another person is untouched.
  get = api_.Call("GET", "/v1/users/me/preferences", u.key);
  EXPECT_EQ(Str(get.Json().at("email"), "publication"), "IMMEDIATE");
  EXPECT_EQ(Str(get.Json().at("email"), "followUps"), "DAILY_DIGEST");
  User other = api_.NewUser({"PARTICIPANT"});
  get = api_.Call("GET", "/v1/users/me/preferences", other.key);
  EXPECT_EQ(Str(get.Json().at("email"), "reviews"), "IMMEDIATE");
  EXPECT_EQ(api_.Call("GET", "/v1/users/me/preferences", "").status, 401);
}

// Guidance by e-mail: the mentor is asked, the authors hear the answer,
// each under the "guidance" kind.
TEST_F(EmailTest, GuidanceReachesTheMentorAndTheAuthorsByEmail) {
  User organizer = api_.NewUser({"ORGANIZER"});
  User author = api_.NewUser({"PARTICIPANT"});
  User mentor = api_.NewUser({"EXPERT"});
  HttpResponse course = api_.Call(
      "POST", "/v1/courses", organizer.key,
      R"({"title":"Guidance by mail","timeZone":"UTC","startDate":"2026-01-05",)"
      R"("endDate":"2026-12-30","modules":[{"title":"M1","dueTime":)"
      R"("2026-12-29T12:00:00Z","sections":["problem"]}]})");
  ASSERT_EQ(course.status, 201) << course.body;
  std::string id = Str(course.Json(), "id");
  for (auto [u, role] :
       {std::pair{&author, "PARTICIPANT"}, {&mentor, "EXPERT"}}) {
    ASSERT_EQ(api_.Call("POST", "/v1/courses/" + id + "/members", organizer.key,
                        R"({"email":")" + EmailOf(api_, *u) +
                            R"(","courseRole":")" + role + "\"}")
                  .status,
              201);
  }
  ASSERT_EQ(api_.Call("PATCH", "/v1/courses/" + id + "/members/" + author.id,
                      organizer.key, R"({"mentorId":")" + mentor.id + "\"}")
                .status,
            200);
  auto brief = api_.NewBrief(
      author, R"("courseId":")" + id + "\"," + Api::CompleteSections());
  ASSERT_EQ(
      api_.Call("POST", "/v1/briefs/" + Str(brief, "id") + ":requestFeedback",
                author.key,
                R"({"revision":1,"question":"Is the problem clear?"})")
          .status,
      201);
  std::vector<ParsedMail> asked = WaitForMailTo(EmailOf(api_, mentor), 1);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_TRUE(absl::StrContains(asked[0].Header("Subject"),
                                "Feedback asked on a draft"));
  EXPECT_TRUE(
      absl::StrContains(Part(asked[0], "text/plain"), "Is the problem clear?"));
  EXPECT_TRUE(absl::StrContains(Part(asked[0], "text/plain"), "/app/guidance"));
  HttpResponse claim = api_.Call("POST", "/v1/feedback:claim", mentor.key);
  ASSERT_EQ(claim.status, 200) << claim.body;
  auto request = claim.Json().at("request");
  ASSERT_EQ(api_.Call("POST", "/v1/feedback/" + Str(request, "id") + ":answer",
                      mentor.key,
                      R"({"claimToken":")" + Str(request, "claimToken") +
                          R"(","note":"Give the number of workers."})")
                .status,
            200);
  std::vector<ParsedMail> answered = WaitForMailTo(EmailOf(api_, author), 1);
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_TRUE(absl::StrContains(answered[0].Header("Subject"),
                                "Feedback on your draft"));
  EXPECT_TRUE(absl::StrContains(Part(answered[0], "text/plain"),
                                "/app/briefs/" + Str(brief, "id")));
}

TEST_F(EmailTest, NoneSendsNoEmailWhileTheInboxStillHasIt) {
  Pair p = NewPair(api_);
  ASSERT_EQ(api_.Call("PATCH", "/v1/users/me/preferences", p.author.key,
                      R"({"email":{"reviews":"NONE"}})")
                .status,
            200);
  std::string id = Approved(api_, p);
  for (int i = 0;
       i < 100 && InboxCount(api_, p.author, "brief.approved", id) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(InboxCount(api_, p.author, "brief.approved", id), 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_TRUE(MailTo(EmailOf(api_, p.author)).empty());
  auto log = api_.Call("GET", "/v1/emails", p.author.key).Json();
  EXPECT_TRUE(log.at("emails").as_array().empty());
}

TEST_F(EmailTest, TheDeliveryLogShowsOwnEmailsAndAdminsSeeAll) {
  Pair p = NewPair(api_);
  Approved(api_, p, "Logged brief");
  std::string to = EmailOf(api_, p.author);
  ASSERT_EQ(WaitForMailTo(to, 1).size(), 1u);
  HttpResponse mine;
  for (int i = 0; i < 50; ++i) {  // SENT is recorded just after the send
    mine = api_.Call("GET", "/v1/emails", p.author.key);
    if (mine.body.find("\"SENT\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto emails = mine.Json().at("emails").as_array();
  ASSERT_EQ(emails.size(), 1u) << mine.body;
  const auto& e = emails[0];
  EXPECT_EQ(Str(e, "event"), "brief.approved");
  EXPECT_EQ(Str(e, "kind"), "reviews");
  EXPECT_EQ(Str(e, "to"), to);
  EXPECT_EQ(Str(e, "subject"), "Brief approved: Logged brief");
  EXPECT_EQ(Str(e, "state"), "SENT");
  EXPECT_EQ(Str(e, "attempts"), "1");
  EXPECT_FALSE(Str(e, "createTime").empty());
  EXPECT_FALSE(Str(e, "sentTime").empty());
  // Another person sees none of it, whatever they filter on.
  auto theirs =
      api_.Call("GET", "/v1/emails?userId=" + p.author.id, p.expert.key).Json();
  EXPECT_TRUE(theirs.at("emails").as_array().empty());
  // The admin filters by person and state.
  auto admin = api_.Call("GET", "/v1/emails?state=SENT&userId=" + p.author.id,
                         api_.stack().admin_key())
                   .Json();
  EXPECT_EQ(admin.at("emails").as_array().size(), 1u);
  EXPECT_EQ(api_.Call("GET", "/v1/emails?state=LOST", p.author.key).status,
            400);
  auto paged =
      api_.Call("GET", "/v1/emails?pageSize=1", api_.stack().admin_key())
          .Json();
  EXPECT_EQ(paged.at("emails").as_array().size(), 1u);
  EXPECT_FALSE(Str(paged, "nextPageToken").empty());
}

// Disabled until the gateway forwards public routes declared on RPCs
// (`public: true`, here POST /v1/email:unsubscribe) to their service: it
// answers them itself today (Gateway::HandleOwn), 200 with an empty body.
// The service's side is tested in
// services/notification/email_fixture_test.cc.
TEST_F(EmailTest, TheOneClickLinkUnsubscribesThePersonFromTheKind) {
  Pair p = NewPair(api_);
  Approved(api_, p);
  auto got = WaitForMailTo(EmailOf(api_, p.author), 1);
  ASSERT_EQ(got.size(), 1u);
  std::string link = got[0].Header("List-Unsubscribe");
  std::string target = link.substr(link.find("/v1/"));
  target.pop_back();  // '>'
  // As RFC 8058 mail readers send it: no key, a form body.
  HttpResponse r =
      api_.Call("POST", target, "", "List-Unsubscribe=One-Click",
                {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200) << r.body;
  auto prefs = api_.Call("GET", "/v1/users/me/preferences", p.author.key);
  EXPECT_EQ(Str(prefs.Json().at("email"), "reviews"), "NONE") << r.body;
  EXPECT_EQ(Str(prefs.Json().at("email"), "publication"), "IMMEDIATE");
  std::string forged = target;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(api_.Call("POST", forged, "", "").status, 400);
}

// The service pointed at a closed port, then at the server again: the
// e-mail arrives once, after a retry.
TEST_F(EmailTest, SmtpDownThenUpDeliversOnceAfterRetry) {
  Stack& stack = api_.stack();
  stack.SetEnv("notification", "BRIEFDESK_SMTP_URL",
               "smtp://127.0.0.1:" + std::to_string(FreePort()));
  stack.KillNotification(9);
  stack.StartNotification();
  ASSERT_TRUE(stack.WaitReady());
  Pair p = NewPair(api_);
  Approved(api_, p, "Retried brief");
  std::string failed;
  for (int i = 0; i < 100 && failed.empty(); ++i) {
    auto log = api_.Call("GET", "/v1/emails", p.author.key).Json();
    for (const auto& e : log.at("emails").as_array())
      failed = Str(e, "lastError");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_FALSE(failed.empty());
  std::string to = EmailOf(api_, p.author);
  EXPECT_TRUE(MailTo(to).empty());
  stack.SetEnv("notification", "BRIEFDESK_SMTP_URL", Smtp().url());
  stack.KillNotification(15);
  stack.StartNotification();
  ASSERT_TRUE(stack.WaitReady());
  stack.SetClockOffset(std::chrono::seconds(120));  // past the 30 s backoff
  auto got = WaitForMailTo(to, 1);
  ASSERT_EQ(got.size(), 1u);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(MailTo(to).size(), 1u);
  auto log = api_.Call("GET", "/v1/emails", p.author.key).Json();
  EXPECT_GE(std::stoi(Str(log.at("emails").as_array().at(0), "attempts")), 2);
}

// Last: it moves the clock a day on.
TEST_F(EmailTest, ADailyDigestListsTheItemsOnceAtTheDigestHour) {
  Pair p = NewPair(api_);
  ASSERT_EQ(api_.Call("PATCH", "/v1/users/me/preferences", p.author.key,
                      R"({"email":{"reviews":"DAILY_DIGEST"}})")
                .status,
            200);
  std::string id = Approved(api_, p, "Digested brief");
  for (int i = 0;
       i < 100 && InboxCount(api_, p.author, "brief.approved", id) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string to = EmailOf(api_, p.author);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_TRUE(MailTo(to).empty());
  // The next 07:00 UTC, and a minute.
  auto now = std::chrono::system_clock::now() + std::chrono::seconds(120);
  int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  int64_t next = (t / 86400) * 86400 + 7 * 3600;
  if (next <= t) next += 86400;
  api_.stack().SetClockOffset(std::chrono::seconds(next - t + 120 + 60));
  auto got = WaitForMailTo(to, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].Header("Subject"), "Your BriefDesk digest: 1 new item");
  EXPECT_NE(Part(got[0], "text/plain").find("Brief approved: Digested brief"),
            std::string::npos);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(MailTo(to).size(), 1u);
}

}  // namespace
}  // namespace briefdesk::testing
