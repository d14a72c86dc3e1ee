// Invitations end to end: an organizer enrols a new e-mail address, the
// invitation e-mail arrives at a real SMTP server, and its link opens the
// gateway's page, whose button gives the account's first API key once;
// then the JSON route, a second invitation voiding the first link, the
// members list saying ACCEPTED, and no invitation for an account taken up.
#include <gtest/gtest.h>

#include "tests/courses_fixture.h"
#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

using std::chrono::hours;

const bool kConfigured = [] {
  Stack::Configure(EmailStackOptions());
  return true;
}();

// A browser's POST of the page's form: same origin by Fetch Metadata, and
// Origin "null" since the page says Referrer-Policy: no-referrer.
const std::map<std::string, std::string> kOwnForm = {
    {"Sec-Fetch-Site", "same-origin"},
    {"Origin", "null"},
    {"Content-Type", "application/x-www-form-urlencoded"}};

// The gateway's page of each invitation mailed to `address` so far, in
// order ("/invitations/<token>"), waiting for `n` e-mails. The e-mail links
// to the web app ("/app/invitation#<token>", where a person chooses a
// password); the gateway's page is for taking an invitation up without
// the app (an API key).
std::vector<std::string> InvitationPaths(const std::string& address, size_t n) {
  constexpr std::string_view kLink = "/app/invitation#";
  std::vector<std::string> out;
  for (const ParsedMail& m : WaitForMailTo(address, n)) {
    for (const auto& part : m.parts) {
      if (part.content_type != "text/plain") continue;
      size_t at = part.text.find(kLink);
      if (at == std::string::npos) continue;
      at += kLink.size();
      size_t end = part.text.find_first_of(" \r\n", at);
      out.push_back("/invitations/" + part.text.substr(at, end - at));
    }
  }
  return out;
}

std::string Between(const std::string& s, const std::string& open,
                    const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  return s.substr(a, s.find(close, a) - a);
}

// Until the courses service reaches the directory: at start its channel to
// the briefs service may still be in gRPC's reconnect backoff from the
// cohort migration's first attempt (made before briefs listened), and
// CreateCourse then answers 503 for up to a second or so.
void WaitForCoursesToReachTheDirectory(Api& api) {
  User organizer = api.NewUser({"ORGANIZER"});
  boost::json::object body{
      {"title", "Warm-up " + Api::Unique()},
      {"edition", "Test edition"},
      {"language", "en"},
      {"timeZone", "UTC"},
      {"startDate", DateFromToday(-7)},
      {"endDate", DateFromToday(30)},
      {"modules", boost::json::array{boost::json::object{
                      {"title", "Module 1"},
                      {"dueTime", TimeFromNow(hours(240))},
                      {"sections", boost::json::array{"problem"}}}}}};
  for (int i = 0; i < 100; ++i) {
    HttpResponse res = api.Call("POST", "/v1/courses", organizer.key,
                                boost::json::serialize(body));
    if (res.status != 503) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

class InvitationsTest : public ::testing::Test {
 protected:
  InvitationsTest() : course_(api_) {
    WaitForCoursesToReachTheDirectory(api_);
    course_.Create({{hours(24 * 10), {"problem"}}});
  }

  // A new address enrolled as a participant; its user id.
  std::string EnrolNew(const std::string& address) {
    boost::json::object body{{"email", address},
                             {"displayName", "Amina Diallo"},
                             {"courseRole", "PARTICIPANT"}};
    HttpResponse res = course_.Call(course_.organizer(), "POST", "/members",
                                    boost::json::serialize(body));
    EXPECT_EQ(res.status, 201) << res.body;
    return Str(res.Json(), "userId");
  }

  // The member's invitationState in the organizer's list, once it is
  // `want` (or after 10 s).
  std::string InvitationState(const std::string& user_id,
                              const std::string& want) {
    std::string state;
    for (int i = 0; i < 50 && state != want; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
      HttpResponse res = course_.Call(course_.organizer(), "GET", "/members");
      EXPECT_EQ(res.status, 200) << res.body;
      const boost::json::value v = res.Json();
      for (const auto& m : v.at("members").as_array()) {
        if (Str(m, "userId") == user_id) state = Str(m, "invitationState");
      }
    }
    return state;
  }

  Api api_;
  CourseScenario course_;
};

TEST_F(InvitationsTest, TheLinkOpensAPageWhoseButtonGivesTheKeyOnce) {
  const std::string address = "invited-" + Api::Unique() + "@test.example";
  const std::string user_id = EnrolNew(address);
  std::vector<std::string> links = InvitationPaths(address, 1);
  ASSERT_EQ(links.size(), 1u);
  const std::string& link = links[0];

  // Opening the link (as a mail scanner would, too) takes nothing up.
  for (int i = 0; i < 2; ++i) {
    HttpResponse page = api_.Call("GET", link, "");
    EXPECT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.Header("cache-control"), "no-store");
    EXPECT_EQ(page.Header("referrer-policy"), "no-referrer");
    EXPECT_NE(page.body.find("<form method=\"post\" action=\"" + link + "\">"),
              std::string::npos)
        << page.body;
  }
  HttpResponse taken = api_.Call("POST", link, "", "", kOwnForm);
  ASSERT_EQ(taken.status, 200) << taken.body;
  const std::string key =
      Between(taken.body, "<p class=\"secret\"><code>", "</code>");
  ASSERT_FALSE(key.empty()) << taken.body;
  EXPECT_NE(taken.body.find("Authorization: Bearer " + key), std::string::npos);
  HttpResponse me = api_.Call("GET", "/v1/users/me", key);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me.Json(), "id"), user_id);
  EXPECT_EQ(Str(me.Json(), "email"), address);

  HttpResponse again = api_.Call("POST", link, "", "", kOwnForm);
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_NE(again.body.find("no longer works"), std::string::npos);
  // A form from another site never reaches the directory.
  HttpResponse forged =
      api_.Call("POST", link, "", "", {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(forged.status, 403) << forged.body;

  EXPECT_EQ(InvitationState(user_id, "ACCEPTED"), "ACCEPTED");
  HttpResponse reinvite = course_.Call(course_.organizer(), "POST",
                                       "/members/" + user_id + ":invite");
  EXPECT_EQ(reinvite.status, 409) << reinvite.body;
}

TEST_F(InvitationsTest, ANewInvitationVoidsTheOldLinkAndTheJsonRouteWorksOnce) {
  const std::string address = "reinvited-" + Api::Unique() + "@test.example";
  const std::string user_id = EnrolNew(address);
  ASSERT_EQ(InvitationPaths(address, 1).size(), 1u);
  EXPECT_EQ(InvitationState(user_id, "PENDING"), "PENDING");
  HttpResponse resent = course_.Call(course_.organizer(), "POST",
                                     "/members/" + user_id + ":invite");
  ASSERT_EQ(resent.status, 200) << resent.body;
  std::vector<std::string> links = InvitationPaths(address, 2);
  ASSERT_EQ(links.size(), 2u);
  ASSERT_NE(links[0], links[1]);
  auto accept = [&](const std::string& link) {
    return api_.Call("POST", "/v1" + link + ":accept", "");
  };

  EXPECT_EQ(accept(links[0]).status, 404);  // replaced by the second
  HttpResponse first_page = api_.Call("POST", links[0], "", "", kOwnForm);
  EXPECT_EQ(first_page.status, 404) << first_page.body;
  HttpResponse taken = accept(links[1]);
  ASSERT_EQ(taken.status, 200) << taken.body;
  const boost::json::value v = taken.Json();
  EXPECT_EQ(Str(v.at("user"), "id"), user_id);
  EXPECT_FALSE(Str(v, "keyId").empty());
  const std::string key = Str(v, "apiKey");
  EXPECT_EQ(api_.Call("GET", "/v1/users/me", key).status, 200);
  HttpResponse again = accept(links[1]);
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(Str(again.Json().at("error"), "code"), "NOT_FOUND");
  EXPECT_EQ(InvitationState(user_id, "ACCEPTED"), "ACCEPTED");
}

// The web app's way: the person chooses a password with the link (which a
// refused password leaves working), gets no API key, and signs in.
TEST_F(InvitationsTest, ChoosingAPasswordTakesItUpAndSignsIn) {
  const std::string address = "password-" + Api::Unique() + "@test.example";
  const std::string user_id = EnrolNew(address);
  std::vector<std::string> links = InvitationPaths(address, 1);
  ASSERT_EQ(links.size(), 1u);
  const std::string accept = "/v1" + links[0] + ":accept";
  HttpResponse weak = api_.Call("POST", accept, "", R"({"password":"short"})");
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_EQ(weak.ErrorField(), "password");
  HttpResponse taken =
      api_.Call("POST", accept, "", R"({"password":"a good long password"})");
  ASSERT_EQ(taken.status, 200) << taken.body;
  const boost::json::value v = taken.Json();
  EXPECT_EQ(Str(v.at("user"), "email"), address);
  EXPECT_TRUE(Str(v, "apiKey").empty());
  boost::json::object sign_in{{"email", address},
                              {"password", "a good long password"}};
  HttpResponse session =
      api_.Call("POST", "/v1/sessions", "", boost::json::serialize(sign_in));
  EXPECT_EQ(session.status, 201) << session.body;
  EXPECT_EQ(api_.Call("POST", accept, "", R"({"password":"another password"})")
                .status,
            404);
  EXPECT_EQ(InvitationState(user_id, "ACCEPTED"), "ACCEPTED");
}

}  // namespace
}  // namespace briefdesk::testing
