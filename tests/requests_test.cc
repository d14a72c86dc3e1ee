// What clients and attackers send, and what the gateway answers (issue 10):
// text that is not text, identifiers that are not identifiers, framing that
// a proxy might read differently, and the HTTP semantics tools rely on
// (HEAD, WWW-Authenticate, If-Match lists, conditional GET, CORS).
#include <gtest/gtest.h>

#include <csignal>

#include "tests/harness/api.h"
#include "tests/harness/raw_connection.h"

namespace briefdesk::testing {
namespace {

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_CORS_ORIGINS", "https://app.example.org"}};
  Stack::Configure(o);
  return true;
}();

class RequestsTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});

  int BriefsOf(const User& u) {
    HttpResponse list =
        api.Call("GET", "/v1/briefs?pageSize=100&authorId=" + u.id, u.key);
    return static_cast<int>(list.Json().at("briefs").as_array().size());
  }
};

TEST_F(RequestsTest, TextThatIsNotTextIsRefusedNamingTheField) {
  struct Case {
    std::string body, field;
  } cases[] = {
      {R"({"title":"a\u0001b","topic":"t"})", "title"},
      {R"({"title":"NUL \u0000 title","topic":"t"})", "title"},
      {"{\"title\":\"raw \x01 control\",\"topic\":\"t\"}", "body"},
      {"{\"title\":\"raw\ttab is fine but a \x1f is not\",\"topic\":\"t\"}",
       "body"},
      {"{\"title\":\"bad \xff byte\",\"topic\":\"t\"}", "body"},
      {R"({"title":"lone \ud800 surrogate","topic":"t"})", "body"},
      {R"({"title":"Two\nlines","topic":"t"})", "title"},
      {R"({"title":"x","topic":"t","policyQuestion":"a\nb"})",
       "policyQuestion"},
      {R"({"title":"x","topic":"t","sections":{"summary":"bare\rreturn"}})",
       "sections.summary"},
      {R"({"title":"x","topic":"t","sections":{"summary":"nul\u0000cut"}})",
       "sections.summary"},
      {R"({"title":"x","topic":"t","constituency":"CONSTITUENCY_UNSPECIFIED"})",
       "constituency"},
      {R"({"title":"x","topic":"t","constituency":2})", "constituency"},
  };
  for (const Case& c : cases) {
    HttpResponse res = api.Call("POST", "/v1/briefs", author.key, c.body);
    SCOPED_TRACE(c.body);
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(res.ErrorField(), c.field) << res.body;
  }
  EXPECT_EQ(BriefsOf(author), 0);  // nothing was created
  HttpResponse user = api.Call(
      "POST", "/v1/users", api.stack().admin_key(),
      R"({"displayName":"Amina\u001fDiallo","email":"x@example.org","roles":["PARTICIPANT"]})");
  EXPECT_EQ(user.status, 400);
  EXPECT_EQ(user.ErrorField(), "displayName");
}

TEST_F(RequestsTest, TextIsAcknowledgedAsStoredInNfc) {
  // "Protección" written with combining accents.
  HttpResponse res = api.Call(
      "POST", "/v1/briefs", author.key,
      R"({"title":"Proteccio\u0301n social","topic":"t","sections":{"summary":"e\u0301"}})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(Str(res.Json(), "title"), "Protección social");
  HttpResponse got =
      api.Call("GET", "/v1/briefs/" + Str(res.Json(), "id"), author.key);
  EXPECT_EQ(Str(got.Json(), "title"), "Protección social");
  EXPECT_EQ(Str(got.Json().at("sections"), "summary"), "é");
}

TEST_F(RequestsTest, ParametersThatAreNotIdentifiersAre400) {
  std::string id = Str(api.NewBrief(author), "id");
  struct Case {
    std::string target, field;
  } cases[] = {
      {"/v1/briefs/" + id + "%00xyz", "id"},
      {"/v1/briefs/%FF", "id"},
      {"/v1/briefs/" + std::string(8000, 'x'), "id"},
      {"/v1/briefs?cohort=%00", "cohort"},
      {"/v1/briefs?topic=%FF", "topic"},
      {"/v1/briefs?topic=%zz", "topic"},
      {"/v1/briefs/%", "path"},
      {"/v1/briefs/" + id + "/revisions/1x", "n"},
  };
  for (const Case& c : cases) {
    HttpResponse res = api.Call("GET", c.target, author.key);
    SCOPED_TRACE(c.target.substr(0, 80));
    EXPECT_EQ(res.status, 400) << res.body.substr(0, 300);
    EXPECT_EQ(res.ErrorField(), c.field) << res.body.substr(0, 300);
    EXPECT_LT(res.body.size(), 1000u) << "the parameter was echoed";
  }
}

TEST_F(RequestsTest, ReadersOfPublishedPagesGetPagesForTheirMistakes) {
  for (const std::string& target :
       {std::string("/published/%FF"), "/published/" + std::string(300, 's'),
        std::string("/published?topic=%zz"),
        std::string("/published/no-such.md")}) {
    HttpResponse res = api.http().Send("GET", target);
    SCOPED_TRACE(target.substr(0, 60));
    EXPECT_EQ(res.status,
              target.find("no-such") != std::string::npos ? 404 : 400);
    EXPECT_EQ(res.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(res.body.find("<h1>"), std::string::npos) << res.body;
  }
}

TEST_F(RequestsTest, OnlyApplicationJsonIsJson) {
  std::string body = R"({"title":"Media type","topic":"t"})";
  EXPECT_EQ(api.Call("POST", "/v1/briefs", author.key, body,
                     {{"Content-Type", "application/jsonx"}})
                .status,
            415);
  EXPECT_EQ(api.Call("POST", "/v1/briefs", author.key, body,
                     {{"Content-Type", "text/json"}})
                .status,
            415);
  EXPECT_EQ(api.Call("POST", "/v1/briefs", author.key, body,
                     {{"Content-Type", "application/json; charset=UTF-8"}})
                .status,
            201);
}

TEST_F(RequestsTest, FramingAProxyCouldReadDifferentlyIsRefused) {
  int port = api.stack().http_port();
  std::string auth = "Authorization: Bearer " + author.key + "\r\n";
  // The body would otherwise be read as a second request on the connection.
  RawConnection smuggle(port);
  smuggle.Send("POST /v1/briefs HTTP/1.1\r\nHost: x\r\n" + auth +
               "Content-Type: application/json\r\n"
               "Transfer-Encoding: chunked, identity\r\n\r\n"
               "GET /v1/users/me HTTP/1.1\r\nHost: x\r\n" +
               auth + "\r\n");
  std::string answer = smuggle.ReadUntilClosed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  // Fields after a chunked body (a trailer) would join the headers, where
  // a proxy in front never saw them.
  RawConnection trailer(port);
  trailer.Send(
      "POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n" +
      auth + "\r\n");
  EXPECT_EQ(trailer.ReadUntilClosed().substr(0, 12), "HTTP/1.1 400");
  // A chunk extension that never ends is cut off, not buffered.
  RawConnection extension(port);
  extension.Send(
      "POST /v1/briefs HTTP/1.1\r\nHost: x\r\n" + auth +
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2;x=" +
      std::string(200000, 'a'));
  EXPECT_EQ(extension.ReadUntilClosed().substr(0, 12), "HTTP/1.1 400");
  struct Case {
    std::string request;
    const char* status;
  } cases[] = {
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", "400"},
      {"GET /healthz HTTP/1.1\r\n\r\n", "400"},
      {"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400"},
      {"POST /v1/briefs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, "
       "chunked\r\n\r\n0\r\n\r\n",
       "501"},
  };
  for (const Case& c : cases) {
    RawConnection conn(port);
    conn.Send(c.request);
    std::string got = conn.ReadUntilClosed();  // refused: answered and closed
    EXPECT_EQ(got.substr(0, 12), std::string("HTTP/1.1 ") + c.status)
        << c.request;
  }
  EXPECT_EQ(api.Call("GET", "/healthz", "").status, 200);
}

TEST_F(RequestsTest, UnauthenticatedAnswersSayHowToAuthenticate) {
  HttpResponse none = api.Call("GET", "/v1/users/me", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.Header("www-authenticate"), "Bearer realm=\"BriefDesk\"");
  HttpResponse wrong = api.Call("GET", "/v1/users/me", "bdk_not_a_key");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Header("www-authenticate"),
            "Bearer realm=\"BriefDesk\", error=\"invalid_token\"");
  // Bytes that are no key of ours never reach a service as a string.
  for (std::string bad : {std::string("bdk_\xc3"), std::string(300, 'k')}) {
    HttpResponse res = api.Call("GET", "/v1/users/me", bad);
    EXPECT_EQ(res.status, 401) << res.body;
  }
  // A control character is not even a header value: 400.
  EXPECT_EQ(api.Call("GET", "/v1/users/me", "bdk_\x01x").status, 400);
}

TEST_F(RequestsTest, HeadAnswersEveryGetRouteWithoutABody) {
  std::string id = Str(api.NewBrief(author), "id");
  for (const std::string& target :
       {"/v1/briefs/" + id, "/v1/briefs/" + id + "/revisions/1",
        std::string("/v1/users/me"), std::string("/published"),
        std::string("/healthz"), std::string("/v1/openapi.json")}) {
    HttpResponse get = api.Call("GET", target, author.key);
    HttpResponse head = api.Call("HEAD", target, author.key);
    SCOPED_TRACE(target);
    EXPECT_EQ(head.status, get.status);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
    EXPECT_EQ(head.Header("content-type"), get.Header("content-type"));
    EXPECT_EQ(head.Header("etag"), get.Header("etag"));
  }
  // A HEAD answered 304 says no length, as the GET's 304 does.
  std::string etag =
      api.Call("GET", "/v1/briefs/" + id, author.key).Header("etag");
  HttpResponse head304 = api.Call("HEAD", "/v1/briefs/" + id, author.key, "",
                                  {{"If-None-Match", etag}});
  EXPECT_EQ(head304.status, 304);
  EXPECT_EQ(head304.Header("content-length"), "");
  HttpResponse stream =
      api.Call("HEAD", "/v1/notifications:stream", author.key);
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.Header("content-type"), "text/event-stream; charset=utf-8");
}

TEST_F(RequestsTest, ConditionalGetOnBriefsAndRevisions) {
  std::string id = Str(api.NewBrief(author), "id");
  HttpResponse brief = api.Call("GET", "/v1/briefs/" + id, author.key);
  std::string etag = brief.Header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse same = api.Call("GET", "/v1/briefs/" + id, author.key, "",
                               {{"If-None-Match", "\"other\", " + etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(same.Header("etag"), etag);
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, author.key, "",
                     {{"If-None-Match", "W/" + etag}})
                .status,
            304);
  ASSERT_EQ(api.Edit(author, id, R"({"title":"Changed"})").status, 200);
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id, author.key, "",
                     {{"If-None-Match", etag}})
                .status,
            200);
  HttpResponse rev =
      api.Call("GET", "/v1/briefs/" + id + "/revisions/1", author.key);
  ASSERT_EQ(rev.Header("etag"), "\"r1\"");
  EXPECT_EQ(api.Call("GET", "/v1/briefs/" + id + "/revisions/1", author.key, "",
                     {{"If-None-Match", "\"r1\""}})
                .status,
            304);
}

TEST_F(RequestsTest, IfMatchTakesListsAndStarAndRefusesWeakTags) {
  std::string id = Str(api.NewBrief(author), "id");
  auto etag = [&] {
    return api.Call("GET", "/v1/briefs/" + id, author.key).Header("etag");
  };
  auto patch = [&](const std::string& if_match, const std::string& title) {
    return api.Call("PATCH", "/v1/briefs/" + id, author.key,
                    R"({"title":")" + title + "\"}", {{"If-Match", if_match}});
  };
  EXPECT_EQ(patch("\"9-9\", " + etag(), "From a list").status, 200);
  EXPECT_EQ(patch("*", "Whatever is current").status, 200);
  HttpResponse weak = patch("W/" + etag(), "Weak");
  EXPECT_EQ(weak.status, 412) << weak.body;
  EXPECT_EQ(weak.ErrorCode(), "ABORTED");
  EXPECT_EQ(patch("\"1-1\"", "Stale").status, 412);
  HttpResponse bad = patch("1-1", "Malformed");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "If-Match");
  HttpResponse none =
      api.Call("PATCH", "/v1/briefs/" + id, author.key, R"({"title":"x"})");
  EXPECT_EQ(none.status, 428);
  EXPECT_EQ(
      Str(api.Call("GET", "/v1/briefs/" + id, author.key).Json(), "title"),
      "Whatever is current");
}

TEST_F(RequestsTest, ARefusalWithNoAllowedActionSaysSoAndIsNeverEmpty) {
  std::string topic = "no-actions-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  HttpResponse created = api.Call("POST", "/v1/briefs", author.key,
                                  R"({"title":"In review","topic":")" + topic +
                                      "\"," + Api::CompleteSections() + "}");
  std::string id = Str(created.Json(), "id");
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
            200);
  ASSERT_EQ(api.Call("POST", "/v1/reviews:claim", expert.key).status, 200);
  // IN_REVIEW: the author may take no action.
  HttpResponse refused =
      api.Call("POST", "/v1/briefs/" + id + ":withdraw", author.key);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.body.find("[{}]"), std::string::npos) << refused.body;
  auto detail = refused.Json().at("error").at("details").at(0);
  EXPECT_TRUE(detail.at("allowedActions").as_array().empty());
  EXPECT_FALSE(Str(detail, "description").empty());
}

TEST_F(RequestsTest, BrowsersOfListedOriginsOnly) {
  const std::string app = "https://app.example.org";
  HttpResponse preflight = api.Call(
      "OPTIONS", "/v1/briefs", "", "",
      {{"Origin", app},
       {"Access-Control-Request-Method", "POST"},
       {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), app);
  EXPECT_NE(preflight.Header("access-control-allow-methods").find("POST"),
            std::string::npos);
  EXPECT_NE(
      preflight.Header("access-control-allow-headers").find("Authorization"),
      std::string::npos);
  HttpResponse evil = api.Call("OPTIONS", "/v1/briefs", "", "",
                               {{"Origin", "https://evil.example"},
                                {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(evil.Header("access-control-allow-origin"), "");
  HttpResponse get =
      api.Call("GET", "/v1/users/me", author.key, "", {{"Origin", app}});
  EXPECT_EQ(get.Header("access-control-allow-origin"), app);
  EXPECT_NE(get.Header("access-control-expose-headers").find("ETag"),
            std::string::npos);
  EXPECT_EQ(get.Header("vary"), "Origin");
  HttpResponse other = api.Call("GET", "/v1/users/me", author.key, "",
                                {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
  HttpResponse options = api.Call("OPTIONS", "/v1/briefs/x", "");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.Header("allow"), "GET, HEAD, PATCH, OPTIONS");
}

TEST_F(RequestsTest, AWebhookPortOutOfRangeIs400) {
  HttpResponse res = api.Call(
      "POST", "/v1/webhooks", author.key,
      R"({"url":"http://hooks.example.org:99999999999/in","events":["brief.published"]})");
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(res.ErrorField(), "url");
}

TEST_F(RequestsTest, OurFailuresTellTheClientLessThanTheLog) {
  std::string id = Str(api.NewBrief(author), "id");
  api.stack().KillBriefs(SIGKILL);
  HttpResponse down = api.Call("GET", "/v1/briefs/" + id, author.key);
  api.stack().StartBriefs();
  ASSERT_TRUE(api.stack().WaitReady());
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Header("retry-after"), "1");
  EXPECT_EQ(down.ErrorCode(), "UNAVAILABLE");
  for (const char* internal :
       {"127.0.0.1", "ipv4:", "5005", "connect", "socket"}) {
    EXPECT_EQ(down.body.find(internal), std::string::npos) << down.body;
  }
}

}  // namespace
}  // namespace briefdesk::testing
