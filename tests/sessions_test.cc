// Signing in to the web app, end to end through the gateway: the cookies
// and their flags, the CSRF token on every change a cookie makes, sign-out
// (one, this one, everywhere) taking effect at once, the idle limit, the
// per-account limit on wrong passwords, password-reset links by real
// e-mail, a password chosen when taking up an invitation, and API keys
// working beside all of it.
#include <gtest/gtest.h>

#include "tests/courses_fixture.h"
#include "tests/email/email_helpers.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Configure(EmailStackOptions());
  return true;
}();

// A signed-in browser: its cookie and CSRF token.
struct Browser {
  std::string cookie, csrf, session_id;
  std::map<std::string, std::string> Headers(bool with_csrf = true) const {
    std::map<std::string, std::string> h = {
        {"Cookie", "briefdesk_session=" + cookie + "; briefdesk_csrf=" + csrf}};
    if (with_csrf) h["X-CSRF-Token"] = csrf;
    return h;
  }
};

// The value a Set-Cookie gives `name`, and the whole line.
std::pair<std::string, std::string> CookieOf(const HttpResponse& r,
                                             const std::string& name) {
  for (const std::string& c : r.set_cookies) {
    if (c.rfind(name + "=", 0) != 0) continue;
    return {c.substr(name.size() + 1, c.find(';') - name.size() - 1), c};
  }
  return {"", ""};
}

HttpResponse SignInAs(Api& api, const std::string& email,
                      const std::string& password) {
  boost::json::object body{{"email", email}, {"password", password}};
  return api.Call("POST", "/v1/sessions", "", boost::json::serialize(body));
}

Browser SignedIn(Api& api, const std::string& email,
                 const std::string& password) {
  HttpResponse r = SignInAs(api, email, password);
  EXPECT_EQ(r.status, 201) << r.body;
  Browser b;
  b.cookie = CookieOf(r, "briefdesk_session").first;
  b.csrf = CookieOf(r, "briefdesk_csrf").first;
  b.session_id = Str(r.Json().at("session"), "id");
  return b;
}

// The token of the latest password-reset link mailed to `address`.
std::string ResetToken(const std::string& address, size_t n) {
  constexpr std::string_view kLink = "/app/reset#";
  std::vector<ParsedMail> mails = WaitForMailTo(address, n);
  if (mails.size() < n) return "";
  for (const auto& part : mails[n - 1].parts) {
    size_t at = part.text.find(kLink);
    if (part.content_type != "text/plain" || at == std::string::npos) continue;
    at += kLink.size();
    return part.text.substr(at, part.text.find_first_of(" \r\n", at) - at);
  }
  return "";
}

// A user who has chosen `password` through a reset link; their address.
std::string UserWithPassword(Api& api, const std::string& password,
                             User* user = nullptr) {
  User u = api.NewUser({"PARTICIPANT"});
  std::string email = EmailOf(api, u);
  EXPECT_EQ(api.Call("POST", "/v1/passwordResets", "",
                     "{\"email\":\"" + email + "\"}")
                .status,
            202);
  std::string token = ResetToken(email, 1);
  EXPECT_FALSE(token.empty());
  HttpResponse done =
      api.Call("POST", "/v1/passwordResets/" + token + ":complete", "",
               "{\"password\":\"" + password + "\"}");
  EXPECT_EQ(done.status, 200) << done.body;
  if (user != nullptr) *user = u;
  return email;
}

class SessionsTest : public ::testing::Test {
 protected:
  Api api;
};

TEST_F(SessionsTest, SignInSetsHttpOnlyLaxCookiesAndTheCsrfToken) {
  HttpResponse r =
      SignInAs(api, api.stack().admin_email(), api.stack().admin_password());
  ASSERT_EQ(r.status, 201) << r.body;
  auto [token, line] = CookieOf(r, "briefdesk_session");
  EXPECT_EQ(token.rfind("bds_", 0), 0u) << line;
  EXPECT_NE(line.find("; HttpOnly"), std::string::npos) << line;
  EXPECT_NE(line.find("; SameSite=Lax"), std::string::npos) << line;
  EXPECT_NE(line.find("; Path=/"), std::string::npos) << line;
  EXPECT_EQ(line.find("Secure"), std::string::npos) << "plain http: " << line;
  auto [csrf, csrf_line] = CookieOf(r, "briefdesk_csrf");
  EXPECT_EQ(csrf_line.find("HttpOnly"), std::string::npos) << csrf_line;
  boost::json::value body = r.Json();
  EXPECT_EQ(Str(body, "csrfToken"), csrf);
  EXPECT_EQ(Str(body.at("user"), "email"), api.stack().admin_email());
  EXPECT_TRUE(body.at("session").at("current").as_bool());
  EXPECT_EQ(r.body.find(token), std::string::npos) << "the token is no body's";
  EXPECT_EQ(r.Header("cache-control"), "no-store");
}

TEST_F(SessionsTest, BehindTlsTheCookiesAreSecure) {
  boost::json::object body{{"email", api.stack().admin_email()},
                           {"password", api.stack().admin_password()}};
  HttpResponse r =
      api.Call("POST", "/v1/sessions", "", boost::json::serialize(body),
               {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(CookieOf(r, "briefdesk_session").second.find("; Secure"),
            std::string::npos);
  EXPECT_NE(CookieOf(r, "briefdesk_csrf").second.find("; Secure"),
            std::string::npos);
}

TEST_F(SessionsTest, WrongAddressAndWrongPasswordAnswerAlike) {
  HttpResponse wrong_password =
      SignInAs(api, api.stack().admin_email(), "not the password at all");
  HttpResponse unknown =
      SignInAs(api, "nobody-" + Api::Unique() + "@example.org", "whatever12");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong_password.Json().at("error").at("message"),
            unknown.Json().at("error").at("message"));
  EXPECT_TRUE(wrong_password.set_cookies.empty());
}

TEST_F(SessionsTest, ChangesWithTheCookieNeedTheCsrfToken) {
  Browser b =
      SignedIn(api, api.stack().admin_email(), api.stack().admin_password());
  HttpResponse me = api.Call("GET", "/v1/users/me", "", "", b.Headers(false));
  ASSERT_EQ(me.status, 200) << me.body;
  std::string keys = "/v1/users/" + Str(me.Json(), "id") + "/keys";
  EXPECT_EQ(api.Call("POST", keys, "", "{}", b.Headers(false)).status, 403);
  auto forged = b.Headers(false);
  forged["X-CSRF-Token"] = "bds_forged";
  HttpResponse refused = api.Call("POST", keys, "", "{}", forged);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("X-CSRF-Token"), std::string::npos);
  HttpResponse made = api.Call("POST", keys, "", "{}", b.Headers());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(api.Call("DELETE", keys + "/" + Str(made.Json(), "keyId"), "", "",
                     b.Headers())
                .status,
            204);
}

TEST_F(SessionsTest, APersonRenamesThemselves) {
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse renamed = api.Call("PATCH", "/v1/users/me", u.key,
                                  R"({"displayName":"Amina Diallo-Sow"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Str(renamed.Json(), "displayName"), "Amina Diallo-Sow");
  EXPECT_EQ(Str(api.Call("GET", "/v1/users/me", u.key).Json(), "displayName"),
            "Amina Diallo-Sow");
  HttpResponse empty =
      api.Call("PATCH", "/v1/users/me", u.key, R"({"displayName":""})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.ErrorField(), "displayName");
  EXPECT_EQ(api.Call("PATCH", "/v1/users/me", u.key,
                     R"({"displayName":"x","email":"a@b.org"})")
                .status,
            400)
      << "only the name";
}

TEST_F(SessionsTest, ApiKeysKeepWorkingAndWinOverACookie) {
  Browser b =
      SignedIn(api, api.stack().admin_email(), api.stack().admin_password());
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse me = api.Call("GET", "/v1/users/me", u.key, "", b.Headers());
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Str(me.Json(), "id"), u.id);
}

TEST_F(SessionsTest, SigningOutStopsTheSessionAtOnce) {
  std::string password = "a long enough password";
  std::string email = UserWithPassword(api, password);
  Browser first = SignedIn(api, email, password);
  Browser second = SignedIn(api, email, password);
  HttpResponse list = api.Call("GET", "/v1/sessions", "", "", second.Headers());
  ASSERT_EQ(list.status, 200) << list.body;
  boost::json::value listed = list.Json();
  const auto& sessions = listed.at("sessions").as_array();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(Str(sessions[0], "id"), second.session_id);  // latest used first
  EXPECT_TRUE(sessions[0].at("current").as_bool());
  EXPECT_FALSE(sessions[1].at("current").as_bool());

  // Signed out from the other browser: the first one's next request fails.
  EXPECT_EQ(api.Call("DELETE", "/v1/sessions/" + first.session_id, "", "",
                     second.Headers())
                .status,
            204);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", first.Headers()).status,
            401);
  // Sign out: the cookies are cleared and the session is gone.
  HttpResponse out =
      api.Call("DELETE", "/v1/sessions/current", "", "", second.Headers());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(CookieOf(out, "briefdesk_session").second.find("Max-Age=0"),
            std::string::npos);
  HttpResponse after =
      api.Call("GET", "/v1/users/me", "", "", second.Headers());
  EXPECT_EQ(after.status, 401);
  EXPECT_NE(after.body.find("sign in again"), std::string::npos);
}

TEST_F(SessionsTest, SignOutEverywhere) {
  std::string password = "another long password";
  std::string email = UserWithPassword(api, password);
  Browser a = SignedIn(api, email, password);
  Browser b = SignedIn(api, email, password);
  EXPECT_EQ(api.Call("DELETE", "/v1/sessions", "", "", a.Headers()).status,
            204);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", a.Headers()).status, 401);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", b.Headers()).status, 401);
}

TEST_F(SessionsTest, FiveWrongPasswordsHoldTheAccountBack) {
  std::string password = "the right password";
  std::string email = UserWithPassword(api, password);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignInAs(api, email, "a wrong password").status, 401);
  }
  HttpResponse held = SignInAs(api, email, password);
  EXPECT_EQ(held.status, 429) << held.body;
  int retry = std::stoi(held.Header("retry-after"));
  EXPECT_GT(retry, 800);
  EXPECT_LE(retry, 900);
  EXPECT_NE(held.body.find("try again in 15 minutes"), std::string::npos)
      << held.body;
  // Other accounts are not held back.
  EXPECT_EQ(
      SignInAs(api, api.stack().admin_email(), api.stack().admin_password())
          .status,
      201);
  api.stack().SetClockOffset(std::chrono::minutes(16));
  HttpResponse later = SignInAs(api, email, password);
  api.stack().SetClockOffset(std::chrono::seconds(0));
  EXPECT_EQ(later.status, 201) << later.body;
}

TEST_F(SessionsTest, AnUnusedSessionEndsAfterTheIdleLimit) {
  Browser b =
      SignedIn(api, api.stack().admin_email(), api.stack().admin_password());
  api.stack().SetClockOffset(std::chrono::hours(11));
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", b.Headers()).status, 200);
  // Used at 11 h: it lasts 12 h from there.
  api.stack().SetClockOffset(std::chrono::hours(22));
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", b.Headers()).status, 200);
  api.stack().SetClockOffset(std::chrono::hours(35));
  int status = api.Call("GET", "/v1/users/me", "", "", b.Headers()).status;
  api.stack().SetClockOffset(std::chrono::seconds(0));
  EXPECT_EQ(status, 401);
}

TEST_F(SessionsTest, AResetLinkWorksOnceAndEndsEverySession) {
  User u;
  std::string email = UserWithPassword(api, "first password!", &u);
  Browser before = SignedIn(api, email, "first password!");
  // Unknown addresses get the same answer, and no mail.
  EXPECT_EQ(api.Call("POST", "/v1/passwordResets", "",
                     "{\"email\":\"nobody-" + Api::Unique() + "@example.org\"}")
                .status,
            202);
  // Asked again at once: the link of a minute ago is on its way, no second.
  api.stack().SetClockOffset(std::chrono::minutes(2));
  EXPECT_EQ(api.Call("POST", "/v1/passwordResets", "",
                     "{\"email\":\"" + email + "\"}")
                .status,
            202);
  std::string token = ResetToken(email, 2);
  api.stack().SetClockOffset(std::chrono::seconds(0));
  ASSERT_FALSE(token.empty());
  std::string complete = "/v1/passwordResets/" + token + ":complete";
  HttpResponse weak =
      api.Call("POST", complete, "", "{\"password\":\"short\"}");
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.ErrorField(), "password");
  HttpResponse done =
      api.Call("POST", complete, "", "{\"password\":\"second password!\"}");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Str(done.Json(), "email"), email);
  EXPECT_EQ(api.Call("POST", complete, "", "{\"password\":\"third password!\"}")
                .status,
            404);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", before.Headers()).status,
            401);
  EXPECT_EQ(SignInAs(api, email, "first password!").status, 401);
  EXPECT_EQ(SignInAs(api, email, "second password!").status, 201);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", u.key).status, 200)
      << "API keys stay";
}

TEST_F(SessionsTest, APersonKeepsAtMostTwentySessions) {
  std::string password = "twenty sessions at most";
  std::string email = UserWithPassword(api, password);
  Browser oldest = SignedIn(api, email, password);
  for (int i = 0; i < 19; ++i) SignedIn(api, email, password);
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", oldest.Headers()).status,
            200);
  Browser newest = SignedIn(api, email, password);  // the 21st
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", oldest.Headers()).status,
            401)
      << "the least recently used one ends";
  boost::json::value listed =
      api.Call("GET", "/v1/sessions", "", "", newest.Headers()).Json();
  EXPECT_EQ(listed.at("sessions").as_array().size(), 20u);
}

TEST_F(SessionsTest, SignInLimitsPerAddress) {
  // A session is the directory's: it outlives the gateway's restart.
  Browser before =
      SignedIn(api, api.stack().admin_email(), api.stack().admin_password());
  api.stack().SetEnv("gateway", "BRIEFDESK_PUBLIC_RATE_PER_MINUTE", "3");
  api.stack().KillGateway(SIGTERM);
  api.stack().StartGateway();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "", "", before.Headers()).status,
            200);
  std::vector<int> statuses;
  HttpResponse last;
  for (int i = 0; i < 4; ++i) {
    last = SignInAs(api, "nobody@example.org", "wrong password");
    statuses.push_back(last.status);
  }
  api.stack().SetEnv("gateway", "BRIEFDESK_PUBLIC_RATE_PER_MINUTE", "");
  api.stack().KillGateway(SIGTERM);
  api.stack().StartGateway();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(statuses, (std::vector<int>{401, 401, 401, 429}));
  EXPECT_FALSE(last.Header("retry-after").empty());
  EXPECT_NE(last.body.find("too many attempts from your network address"),
            std::string::npos);
}

}  // namespace
}  // namespace briefdesk::testing
