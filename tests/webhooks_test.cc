// Webhooks against real HTTP receivers started by the test: signatures that
// verify with the secret shown once; retries with one delivery id and
// growing delays; a receiver that never answers is timed out, retried and
// dead-lettered; every attempt listed; bad URLs refused at registration.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <csignal>
#include <pqxx/pqxx>
#include <set>

#include "tests/harness/api.h"
#include "tests/harness/test_http_server.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Short schedule for the test: retries after 150-300 ms, then 300-600 ms,
// ... at most 2 s apart, for 4 s in all; 500 ms to answer; loopback allowed.
const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", "true"},
                        {"BRIEFDESK_WEBHOOK_TIMEOUT_MS", "500"},
                        {"BRIEFDESK_WEBHOOK_BACKOFF_BASE_MS", "300"},
                        {"BRIEFDESK_WEBHOOK_BACKOFF_MAX_MS", "2000"},
                        {"BRIEFDESK_WEBHOOK_RETRY_WINDOW_SECONDS", "4"},
                        {"BRIEFDESK_WEBHOOK_POLL_MS", "50"},
                        {"BRIEFDESK_WEBHOOK_SECRET_KEY",
                         "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}};
  Stack::Configure(o);
  return true;
}();

std::string Hmac(const std::string& secret, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(secret.data()),
      secret.size());
  crypto_auth_hmacsha256_update(
      &st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

int64_t Millis(const std::string& rfc3339) {
  google::protobuf::Timestamp t;
  google::protobuf::util::TimeUtil::FromString(rfc3339, &t);
  return google::protobuf::util::TimeUtil::TimestampToMilliseconds(t);
}

class WebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});

  HttpResponse Register(const User& u, const std::string& url,
                        const std::string& events = R"(["brief.submitted"])") {
    return api.Call("POST", "/v1/webhooks", u.key,
                    R"({"url":")" + url + R"(","events":)" + events + "}");
  }
  std::vector<boost::json::value> Attempts(const User& u,
                                           const std::string& hook) {
    HttpResponse r =
        api.Call("GET", "/v1/webhooks/" + hook + "/deliveries", u.key);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    std::vector<boost::json::value> out;
    for (const auto& a : v.at("deliveries").as_array()) out.push_back(a);
    return out;
  }
};

TEST_F(WebhooksTest, DeliveriesAreSignedWithTheSecretShownOnce) {
  TestHttpServer receiver([](int) { return 200; });
  std::string url =
      "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  std::string key = "hook-" + Api::Unique();
  HttpResponse reg =
      api.Call("POST", "/v1/webhooks", editor.key,
               R"({"url":")" + url + R"(","events":["brief.submitted"]})",
               {{"Idempotency-Key", key}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  std::string secret = Str(reg.Json(), "secret"), hook = Str(reg.Json(), "id");
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(reg.Header("location"), "/v1/webhooks/" + hook);
  // A replay creates nothing and does not show the secret again.
  HttpResponse again =
      api.Call("POST", "/v1/webhooks", editor.key,
               R"({"url":")" + url + R"(","events":["brief.submitted"]})",
               {{"Idempotency-Key", key}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(Str(again.Json(), "id"), hook);
  EXPECT_EQ(Str(again.Json(), "secret"), "");
  EXPECT_EQ(api.Call("GET", "/v1/webhooks", editor.key)
                .Json()
                .at("webhooks")
                .as_array()
                .size(),
            1u);
  {
    // At rest the secret is sealed under BRIEFDESK_WEBHOOK_SECRET_KEY.
    pqxx::connection db(api.stack().DatabaseUrl("notification"));
    std::string stored =
        pqxx::nontransaction(db)
            .exec_params1("SELECT secret FROM webhooks WHERE id = $1", hook)[0]
            .as<std::string>();
    EXPECT_EQ(stored.rfind("sealed:v1:", 0), 0u) << stored;
    EXPECT_EQ(stored.find(secret), std::string::npos);
  }

  std::string brief = Str(api.SubmittedBrief(author), "id");
  auto got = receiver.WaitFor(1, seconds(15));
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_EQ(r.target, "/hook");
  EXPECT_EQ(r.headers.at("x-briefdesk-event"), "brief.submitted");
  EXPECT_FALSE(r.headers.at("x-briefdesk-delivery").empty());
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("x-briefdesk-signature"), Hmac(secret, r.body));
  EXPECT_NE(r.headers.at("x-briefdesk-signature"),
            Hmac("wrong secret", r.body));
  EXPECT_EQ(Str(boost::json::parse(r.body), "briefId"), brief);
  // Recorded: one attempt, 200, delivered.
  std::vector<boost::json::value> attempts;
  for (int i = 0; i < 50 && attempts.empty(); ++i) {
    attempts = Attempts(editor, hook);
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].at("statusCode").as_int64(), 200);
  EXPECT_EQ(Str(attempts[0], "state"), "DELIVERED");
  EXPECT_EQ(Str(attempts[0], "deliveryId"),
            r.headers.at("x-briefdesk-delivery"));
}

TEST_F(WebhooksTest, RetriesWithOneDeliveryIdAndGrowingDelays) {
  TestHttpServer receiver([](int n) { return n < 2 ? 500 : 200; });
  HttpResponse reg =
      Register(editor, "http://127.0.0.1:" + std::to_string(receiver.port()));
  ASSERT_EQ(reg.status, 201) << reg.body;
  std::string hook = Str(reg.Json(), "id");
  api.SubmittedBrief(author);
  auto got = receiver.WaitFor(3, seconds(15));
  ASSERT_EQ(got.size(), 3u);
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_EQ(receiver.received().size(), 3u) << "delivered, yet sent again";
  EXPECT_EQ(got[0].headers.at("x-briefdesk-delivery"),
            got[1].headers.at("x-briefdesk-delivery"));
  EXPECT_EQ(got[1].headers.at("x-briefdesk-delivery"),
            got[2].headers.at("x-briefdesk-delivery"));
  EXPECT_EQ(got[0].body, got[2].body);

  auto attempts = Attempts(editor, hook);
  ASSERT_EQ(attempts.size(), 3u);
  std::vector<int64_t> status, delay;
  for (const auto& a : attempts) {
    status.push_back(a.at("statusCode").as_int64());
    if (a.as_object().contains("nextRetryTime")) {
      delay.push_back(Millis(Str(a, "nextRetryTime")) - Millis(Str(a, "time")));
    }
  }
  EXPECT_EQ(status, (std::vector<int64_t>{500, 500, 200}));
  ASSERT_EQ(delay.size(), 2u);  // the success schedules nothing
  EXPECT_GE(delay[0], 140);
  EXPECT_GE(delay[1], delay[0]) << "the delays must grow";
  // The receiver saw them no sooner than scheduled.
  auto gap = [&](int i) {
    return std::chrono::duration_cast<milliseconds>(got[i + 1].at - got[i].at)
        .count();
  };
  EXPECT_GE(gap(0), delay[0] - 20);
  EXPECT_GE(gap(1), delay[1] - 20);
}

TEST_F(WebhooksTest, ReceiverThatNeverAnswersIsTimedOutRetriedAndDeadLettered) {
  TestHttpServer receiver([](int) { return 0; });
  HttpResponse reg =
      Register(editor, "http://127.0.0.1:" + std::to_string(receiver.port()));
  ASSERT_EQ(reg.status, 201) << reg.body;
  std::string hook = Str(reg.Json(), "id");
  api.SubmittedBrief(author);
  // Within the 4 s window: attempts until the next would fall outside it.
  std::vector<boost::json::value> attempts;
  for (int i = 0; i < 150; ++i) {
    attempts = Attempts(editor, hook);
    if (!attempts.empty() && Str(attempts.back(), "state") == "DEAD") break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_GE(attempts.size(), 2u);
  for (const auto& a : attempts) {
    EXPECT_EQ(a.at("statusCode").as_int64(), 0);
    EXPECT_EQ(Str(a, "error"), "no answer within 500 ms");
    EXPECT_GE(a.at("latencyMs").as_int64(), 450);
    EXPECT_EQ(Str(a, "state"), "DEAD");
  }
  EXPECT_FALSE(attempts.back().as_object().contains("nextRetryTime"));
  size_t n = receiver.received().size();
  EXPECT_EQ(n, attempts.size());
  std::this_thread::sleep_for(seconds(2));
  EXPECT_EQ(receiver.received().size(), n) << "dead-lettered, yet sent again";
}

TEST_F(WebhooksTest, RedirectsAreNotFollowed) {
  TestHttpServer receiver([](int n) { return n == 0 ? 302 : 200; });
  HttpResponse reg =
      Register(editor, "http://127.0.0.1:" + std::to_string(receiver.port()));
  ASSERT_EQ(reg.status, 201) << reg.body;
  api.SubmittedBrief(author);
  ASSERT_EQ(receiver.WaitFor(2, seconds(15)).size(), 2u);
  std::vector<boost::json::value> attempts;
  for (int i = 0; i < 50 && attempts.size() < 2; ++i) {
    attempts = Attempts(editor, Str(reg.Json(), "id"));
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_EQ(attempts.size(), 2u);
  // The 302 counts as a failure and is retried at the same address.
  EXPECT_EQ(attempts[0].at("statusCode").as_int64(), 302);
  EXPECT_EQ(Str(attempts[0], "error"), "HTTP 302 (redirects are not followed)");
  EXPECT_EQ(attempts[1].at("statusCode").as_int64(), 200);
  EXPECT_EQ(Str(attempts[1], "state"), "DELIVERED");
}

// Started without the key that sealed a webhook's secret, the service sends
// nothing unsigned: each attempt fails and says why.
TEST_F(WebhooksTest, SealedSecretWithoutItsKeyFailsTheAttemptAndSendsNothing) {
  TestHttpServer receiver([](int) { return 200; });
  HttpResponse reg =
      Register(editor, "http://127.0.0.1:" + std::to_string(receiver.port()));
  ASSERT_EQ(reg.status, 201) << reg.body;
  Stack& stack = api.stack();
  std::string key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  stack.KillNotification(SIGTERM);
  stack.SetEnv("notification", "BRIEFDESK_WEBHOOK_SECRET_KEY", "");
  stack.StartNotification();
  ASSERT_TRUE(stack.WaitReady());

  api.SubmittedBrief(author);
  std::vector<boost::json::value> attempts;
  for (int i = 0; i < 100 && attempts.empty(); ++i) {
    attempts = Attempts(editor, Str(reg.Json(), "id"));
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_FALSE(attempts.empty());
  EXPECT_EQ(attempts[0].at("statusCode").as_int64(), 0);
  EXPECT_NE(Str(attempts[0], "error").find("BRIEFDESK_WEBHOOK_SECRET_KEY"),
            std::string::npos)
      << Str(attempts[0], "error");
  EXPECT_TRUE(receiver.received().empty());

  stack.KillNotification(SIGTERM);
  stack.SetEnv("notification", "BRIEFDESK_WEBHOOK_SECRET_KEY", key);
  stack.StartNotification();
  ASSERT_TRUE(stack.WaitReady());
}

TEST_F(WebhooksTest, BadWebhooksAreRefusedAtRegistration) {
  struct Case {
    std::string body, field;
  } cases[] = {
      {R"({"url":"ftp://127.0.0.1/x","events":["brief.published"]})", "url"},
      {R"({"url":"http://user:secret@127.0.0.1/","events":["brief.published"]})",
       "url"},
      {R"({"url":"http://10.1.2.3/","events":["brief.published"]})", "url"},
      {R"({"url":"http://192.168.0.10:8080/","events":["brief.published"]})",
       "url"},
      {R"({"url":"http://no-such-host.invalid/","events":["brief.published"]})",
       "url"},
      {R"({"url":"http://127.0.0.1:9/","events":[]})", "events"},
      {R"({"url":"http://127.0.0.1:9/","events":["brief.exploded"]})",
       "events"},
  };
  for (const Case& c : cases) {
    HttpResponse r = api.Call("POST", "/v1/webhooks", editor.key, c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_EQ(r.ErrorField(), c.field) << r.body;
  }
  EXPECT_TRUE(api.Call("GET", "/v1/webhooks", editor.key)
                  .Json()
                  .at("webhooks")
                  .as_array()
                  .empty());
}

// Pages of two: every webhook once, the last page without a token; bad
// paging arguments name their field.
TEST_F(WebhooksTest, WebhooksListInPages) {
  User owner = api.NewUser({"PARTICIPANT"});
  std::set<std::string> made;
  for (int i = 0; i < 5; ++i) {
    HttpResponse reg =
        Register(owner, "http://127.0.0.1:9/" + std::to_string(i));
    ASSERT_EQ(reg.status, 201) << reg.body;
    made.insert(Str(reg.Json(), "id"));
  }
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    HttpResponse r = api.Call(
        "GET", "/v1/webhooks?pageSize=2&pageToken=" + token, owner.key);
    ASSERT_EQ(r.status, 200) << r.body;
    const boost::json::value v = r.Json();
    for (const auto& w : v.at("webhooks").as_array()) {
      EXPECT_TRUE(seen.insert(Str(w, "id")).second) << Str(w, "id");
    }
    token = Str(v, "nextPageToken");
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen, made);
  EXPECT_EQ(pages, 3);
  HttpResponse bad =
      api.Call("GET", "/v1/webhooks?pageToken=not-a-token", owner.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageToken") << bad.body;
  bad = api.Call("GET", "/v1/webhooks?pageSize=-1", owner.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageSize") << bad.body;
  bad = api.Call(
      "GET",
      "/v1/webhooks/" + *made.begin() + "/deliveries?pageToken=not-a-token",
      owner.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageToken") << bad.body;
}

TEST_F(WebhooksTest, WebhooksAreTheirOwnersAlone) {
  HttpResponse reg = Register(editor, "http://127.0.0.1:9/");
  ASSERT_EQ(reg.status, 201);
  std::string hook = Str(reg.Json(), "id");
  EXPECT_EQ(api.Call("GET", "/v1/webhooks/" + hook + "/deliveries", author.key)
                .status,
            404);
  EXPECT_EQ(api.Call("DELETE", "/v1/webhooks/" + hook, author.key).status, 404);
  EXPECT_TRUE(api.Call("GET", "/v1/webhooks", author.key)
                  .Json()
                  .at("webhooks")
                  .as_array()
                  .empty());
  EXPECT_EQ(api.Call("DELETE", "/v1/webhooks/" + hook, editor.key).status, 204);
  EXPECT_EQ(api.Call("DELETE", "/v1/webhooks/" + hook, editor.key).status, 404);
}

}  // namespace
}  // namespace briefdesk::testing
