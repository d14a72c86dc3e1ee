// The gateway's limits, set where the bytes come in: idle keep-alive and
// slow-request timeouts, header and body size, and the per-user rate limit.
// This binary's gateway runs with short timeouts and a small rate limit.
#include <gtest/gtest.h>

#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/raw_connection.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_HTTP_IDLE_TIMEOUT_SECONDS", "1"},
                   {"BRIEFDESK_HTTP_READ_TIMEOUT_SECONDS", "2"},
                   {"BRIEFDESK_RATE_LIMIT_PER_MINUTE", "5"}};
  Stack::Configure(o);
  return true;
}();

class LimitsTest : public ::testing::Test {
 protected:
  Api api;
};

TEST_F(LimitsTest, IdleKeepAliveConnectionIsClosed) {
  RawConnection c(api.stack().http_port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  double waited = c.SecondsUntilClosed();  // reads the answer, then waits
  EXPECT_GE(waited, 0.5);
  EXPECT_LT(waited, 5.0);
}

TEST_F(LimitsTest, RequestThatNeverFinishesItsHeadersIsClosed) {
  RawConnection c(api.stack().http_port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  std::string answer = c.ReadUntilClosed();
  EXPECT_EQ(answer.find("200 OK"), std::string::npos);
}

TEST_F(LimitsTest, OversizedHeadersGet431) {
  HttpResponse res = api.http().Send("GET", "/healthz", "",
                                     {{"X-Big", std::string(20000, 'a')}});
  EXPECT_EQ(res.status, 431);
  EXPECT_EQ(res.ErrorCode(), "RESOURCE_EXHAUSTED");
}

TEST_F(LimitsTest, AnnouncedOversizedBodyIs413BeforeItIsSent) {
  RawConnection c(api.stack().http_port());
  c.Send(
      "POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\n"
      "Content-Length: 2000000\r\n\r\n");
  std::string answer = c.ReadUntilClosed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
}

TEST_F(LimitsTest, RateLimitAnswers429WithRetryAfter) {
  User u = api.NewUser({"PARTICIPANT"});
  int ok = 0;
  HttpResponse limited;
  for (int i = 0; i < 8; ++i) {
    HttpResponse res = api.Call("GET", "/v1/users/me", u.key);
    if (res.status == 200) ++ok;
    if (res.status == 429) limited = res;
  }
  EXPECT_EQ(ok, 5);
  ASSERT_EQ(limited.status, 429);
  EXPECT_EQ(limited.ErrorCode(), "RESOURCE_EXHAUSTED");
  EXPECT_GE(std::stoi(limited.Header("retry-after")), 1);
  // Another user has their own allowance.
  User other = api.NewUser({"PARTICIPANT"});
  EXPECT_EQ(api.Call("GET", "/v1/users/me", other.key).status, 200);
}

TEST_F(LimitsTest, EveryAnswerSaysWhatIsLeftOfTheKeysAllowance) {
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse first = api.Call("GET", "/v1/users/me", u.key);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("ratelimit-limit"), "5");
  EXPECT_EQ(first.Header("ratelimit-remaining"), "4");
  EXPECT_GE(std::stoi(first.Header("ratelimit-reset")), 1);
  HttpResponse second = api.Call("GET", "/v1/users/me", u.key);
  EXPECT_EQ(second.Header("ratelimit-remaining"), "3");
  // Public routes are not limited per key and say nothing of it.
  EXPECT_EQ(api.Call("GET", "/healthz", "").Header("ratelimit-limit"), "");
}

TEST_F(LimitsTest, AFloodWithAStolenKeyCannotStopItsOwnerRevokingIt) {
  User u = api.NewUser({"PARTICIPANT"});
  HttpResponse own = api.Call("POST", "/v1/users/" + u.id + "/keys", u.key);
  ASSERT_EQ(own.status, 201) << own.body;
  std::string owner_key = Str(own.Json(), "apiKey");
  // Someone floods with the first key until it is limited.
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    limited += api.Call("GET", "/v1/users/me", u.key).status == 429;
  }
  EXPECT_GT(limited, 0);
  // The limit is the key's, not the person's: their other key works...
  EXPECT_EQ(api.Call("GET", "/v1/users/me", owner_key).status, 200);
  // ...and revocation has its own allowance, even with the flooded key.
  HttpResponse revoked =
      api.Call("DELETE", "/v1/users/" + u.id + "/keys/" + u.key_id, u.key);
  EXPECT_EQ(revoked.status, 204) << revoked.body;
}

}  // namespace
}  // namespace briefdesk::testing
