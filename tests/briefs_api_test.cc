// Drafts and revisions end to end, over real HTTP against the real gateway,
// briefs service and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <set>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

namespace json = boost::json;

class BriefsApiTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
};

TEST_F(BriefsApiTest, CreateAnswers201WithLocationAndEtag) {
  HttpResponse res = api.Call(
      "POST", "/v1/briefs", author.key,
      R"({"title":"Decent work for platform workers","topic":"social-protection",
          "policyQuestion":"How to extend social protection?","country":"Kenya",
          "constituency":"WORKERS","sections":{"summary":"Draft."}})");
  ASSERT_EQ(res.status, 201) << res.body;
  auto b = res.Json();
  EXPECT_EQ(res.Header("location"), "/v1/briefs/" + Str(b, "id"));
  EXPECT_EQ(res.Header("etag"), "\"" + Str(b, "etag") + "\"");
  EXPECT_EQ(Str(b, "state"), "DRAFT");
  EXPECT_EQ(b.at("revision").as_int64(), 1);
  EXPECT_EQ(Str(b, "authorId"), author.id);
  EXPECT_EQ(Str(b, "cohort"), "2022-intl");  // the author's
  EXPECT_EQ(Str(b, "constituency"), "WORKERS");
  EXPECT_EQ(Str(b.at("sections"), "summary"), "Draft.");
  EXPECT_EQ(Str(b.at("sections"), "evidence"), "");
  EXPECT_FALSE(res.Header("x-request-id").empty());
  // The Location answers the same brief.
  HttpResponse got = api.Call("GET", res.Header("location"), author.key);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(Str(got.Json(), "title"), "Decent work for platform workers");
}

TEST_F(BriefsApiTest, PatchNeedsCurrentIfMatchAndNeverOverwrites) {
  auto b = api.NewBrief(author, R"("sections":{"summary":"first"})");
  std::string path = "/v1/briefs/" + Str(b, "id");
  std::string etag1 = "\"" + Str(b, "etag") + "\"";

  HttpResponse none =
      api.Call("PATCH", path, author.key, R"({"sections":{"summary":"x"}})");
  EXPECT_EQ(none.status, 428) << none.body;
  EXPECT_EQ(none.ErrorCode(), "FAILED_PRECONDITION");

  HttpResponse ok =
      api.Call("PATCH", path, author.key,
               R"({"sections":{"summary":"second"}})", {{"If-Match", etag1}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json().at("revision").as_int64(), 2);
  EXPECT_NE(ok.Header("etag"), etag1);

  // A second client still holding the first ETag is refused, not merged.
  HttpResponse stale = api.Call("PATCH", path, author.key,
                                R"({"sections":{"summary":"lost update"}})",
                                {{"If-Match", etag1}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(stale.ErrorCode(), "ABORTED");
  HttpResponse now = api.Call("GET", path, author.key);
  EXPECT_EQ(Str(now.Json().at("sections"), "summary"), "second");
  EXPECT_EQ(now.Json().at("revision").as_int64(), 2);

  // Fields not in the PATCH carry over; the old revision stays as it was.
  HttpResponse third =
      api.Call("PATCH", path, author.key, R"({"title":"New title"})",
               {{"If-Match", ok.Header("etag")}});
  ASSERT_EQ(third.status, 200) << third.body;
  EXPECT_EQ(Str(third.Json().at("sections"), "summary"), "second");
  HttpResponse rev1 = api.Call("GET", path + "/revisions/1", author.key);
  ASSERT_EQ(rev1.status, 200);
  EXPECT_EQ(Str(rev1.Json().at("sections"), "summary"), "first");
  EXPECT_EQ(Str(rev1.Json(), "title"), Str(b, "title"));
}

TEST_F(BriefsApiTest, RevisionsListDiffAndCheck) {
  auto b = api.NewBrief(author, R"("sections":{"evidence":"line a\nline b"})");
  std::string id = Str(b, "id");
  ASSERT_EQ(api.Edit(author, id,
                     R"({"sections":{"evidence":"line a\nline B\nline c"}})")
                .status,
            200);
  HttpResponse list =
      api.Call("GET", "/v1/briefs/" + id + "/revisions", author.key);
  ASSERT_EQ(list.status, 200);
  auto revs = list.Json().at("revisions").as_array();
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].at("number").as_int64(), 1);
  EXPECT_EQ(Str(revs[1], "authorId"), author.id);
  EXPECT_FALSE(list.Json().as_object().contains("nextPageToken"));

  HttpResponse diff =
      api.Call("GET", "/v1/briefs/" + id + "/diff?from=1&to=2", author.key);
  ASSERT_EQ(diff.status, 200) << diff.body;
  const boost::json::value diff_json = diff.Json();
  for (const auto& f : diff_json.at("fields").as_array()) {
    if (Str(f, "field") != "evidence") {
      EXPECT_EQ(f.at("changed").as_bool(), false) << Str(f, "field");
      continue;
    }
    EXPECT_TRUE(f.at("changed").as_bool());
    EXPECT_EQ(Str(f, "unified"),
              "@@ -1,2 +1,3 @@\n line a\n-line b\n+line B\n+line c\n");
  }
  EXPECT_EQ(
      api.Call("GET", "/v1/briefs/" + id + "/diff?from=1&to=9", author.key)
          .status,
      404);

  HttpResponse check =
      api.Call("GET", "/v1/briefs/" + id + "/check", author.key);
  ASSERT_EQ(check.status, 200);
  std::set<std::string> error_fields;
  const boost::json::value check_json = check.Json();
  for (const auto& e : check_json.at("errors").as_array()) {
    error_fields.insert(Str(e, "field"));
  }
  EXPECT_EQ(error_fields,
            (std::set<std::string>{"sections.summary", "sections.problem",
                                   "sections.recommendations"}));
  EXPECT_EQ(check.Json().at("revision").as_int64(), 2);
  HttpResponse old =
      api.Call("GET", "/v1/briefs/" + id + "/check?revision=1", author.key);
  EXPECT_EQ(old.Json().at("revision").as_int64(), 1);
}

TEST_F(BriefsApiTest, SubmitWithdrawReopenAndHistory) {
  auto b = api.NewBrief(author);
  std::string id = Str(b, "id");
  HttpResponse refused =
      api.Call("POST", "/v1/briefs/" + id + ":submit", author.key);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.ErrorCode(), "FAILED_PRECONDITION");
  EXPECT_EQ(refused.ErrorField(0), "sections.summary") << refused.body;

  ASSERT_EQ(api.Edit(author, id, "{" + Api::CompleteSections() + "}").status,
            200);
  HttpResponse submitted =
      api.Call("POST", "/v1/briefs/" + id + ":submit", author.key);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Str(submitted.Json(), "state"), "SUBMITTED");

  // Edits are refused in SUBMITTED, naming what is allowed.
  HttpResponse edit = api.Edit(author, id, R"({"title":"late"})");
  EXPECT_EQ(edit.status, 409);
  auto details = edit.Json().at("error").at("details").as_array();
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(json::serialize(details[0].at("allowedActions")),
            R"(["withdraw"])");

  EXPECT_EQ(
      Str(api.Call("POST", "/v1/briefs/" + id + ":withdraw", author.key).Json(),
          "state"),
      "WITHDRAWN");
  EXPECT_EQ(
      Str(api.Call("POST", "/v1/briefs/" + id + ":reopen", author.key).Json(),
          "state"),
      "DRAFT");

  HttpResponse history =
      api.Call("GET", "/v1/briefs/" + id + "/history", author.key);
  ASSERT_EQ(history.status, 200);
  std::vector<std::string> steps;
  const boost::json::value history_json = history.Json();
  for (const auto& t : history_json.at("transitions").as_array()) {
    steps.push_back(Str(t, "action") + ":" + Str(t, "from") + ">" +
                    Str(t, "to"));
    EXPECT_EQ(Str(t, "actorId"), author.id);
  }
  EXPECT_EQ(steps, (std::vector<std::string>{
                       "create:STATE_UNSPECIFIED>DRAFT", "edit:DRAFT>DRAFT",
                       "submit:DRAFT>SUBMITTED", "withdraw:SUBMITTED>WITHDRAWN",
                       "reopen:WITHDRAWN>DRAFT"}));
}

TEST_F(BriefsApiTest, IdempotencyKeyReplaysTheFirstAnswer) {
  std::string key = "create-" + Api::Unique();
  std::string body = R"({"title":"Once only","topic":"skills"})";
  HttpResponse first = api.Call("POST", "/v1/briefs", author.key, body,
                                {{"Idempotency-Key", key}});
  HttpResponse again = api.Call("POST", "/v1/briefs", author.key, body,
                                {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(first.body, again.body);
  HttpResponse mine = api.Call(
      "GET", "/v1/briefs?authorId=" + author.id + "&topic=skills", author.key);
  EXPECT_EQ(mine.Json().at("briefs").as_array().size(), 1u);
  // The same key for another request is an error, and creates nothing.
  HttpResponse other = api.Call("POST", "/v1/briefs", author.key,
                                R"({"title":"Different","topic":"skills"})",
                                {{"Idempotency-Key", key}});
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(other.ErrorField(), "Idempotency-Key");
  // Another user's identical key is theirs alone.
  User second = api.NewUser({"PARTICIPANT"});
  HttpResponse theirs = api.Call("POST", "/v1/briefs", second.key, body,
                                 {{"Idempotency-Key", key}});
  EXPECT_EQ(theirs.status, 201);
  EXPECT_NE(Str(theirs.Json(), "id"), Str(first.Json(), "id"));
}

TEST_F(BriefsApiTest, PaginationCoversEveryBriefOnce) {
  std::set<std::string> created;
  for (int i = 0; i < 25; ++i) created.insert(Str(api.NewBrief(author), "id"));
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    std::string target = "/v1/briefs?pageSize=10&authorId=" + author.id +
                         (token.empty() ? "" : "&pageToken=" + token);
    HttpResponse page = api.Call("GET", target, author.key);
    ASSERT_EQ(page.status, 200) << page.body << " target " << target;
    const boost::json::value page_json = page.Json();
    for (const auto& b : page_json.at("briefs").as_array()) {
      EXPECT_TRUE(seen.insert(Str(b, "id")).second) << "seen twice";
    }
    token = Str(page.Json(), "nextPageToken");
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
  HttpResponse bad =
      api.Call("GET", "/v1/briefs?pageToken=not-a-token", author.key);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "pageToken");
  EXPECT_EQ(api.Call("GET", "/v1/briefs?pageSize=-1", author.key).status, 400);
}

TEST_F(BriefsApiTest, UnicodeIsStoredAndReturnedByteExact) {
  const std::string title =
      "العمل اللائق — 体面劳动 — Достойный труд "
      "👷🏽‍♀️";
  const std::string summary =
      "Ключевые выводы:\n- 社会保障の拡大\n- Protección ✓\n\tÉgalité «réelle»";
  json::object body{{"title", title},
                    {"topic", "decent-work"},
                    {"country", "Côte d'Ivoire"},
                    {"sections", json::object{{"summary", summary}}}};
  HttpResponse res =
      api.Call("POST", "/v1/briefs", author.key, json::serialize(body));
  ASSERT_EQ(res.status, 201) << res.body;
  std::string id = Str(res.Json(), "id");
  for (std::string path :
       {"/v1/briefs/" + id, "/v1/briefs/" + id + "/revisions/1"}) {
    HttpResponse got = api.Call("GET", path, author.key);
    EXPECT_EQ(Str(got.Json(), "title"), title);
    EXPECT_EQ(Str(got.Json(), "country"), "Côte d'Ivoire");
    EXPECT_EQ(Str(got.Json().at("sections"), "summary"), summary);
  }
  // Filters take percent-encoded unicode too.
  HttpResponse cohort =
      api.Call("GET", "/v1/briefs?cohort=%C3%A9t%C3%A9", author.key);
  EXPECT_EQ(cohort.status, 200);
}

TEST_F(BriefsApiTest, BadInputGetsAClearErrorAndChangesNothing) {
  auto b = api.NewBrief(author, R"("sections":{"summary":"kept"})");
  std::string id = Str(b, "id");
  std::string etag = "\"" + Str(b, "etag") + "\"";
  struct Case {
    std::string method, path, body;
    int status;
    std::string field;  // expected details[0].field, or "" for none
  };
  std::string brief = "/v1/briefs/" + id;
  std::vector<Case> cases = {
      {"POST", "/v1/briefs", R"({"title": "x",)", 400, "body"},
      {"POST", "/v1/briefs", R"({"title": 42, "topic": "a"})", 400, "title"},
      {"POST", "/v1/briefs",
       R"({"title": "x", "topic": "a", "constituency": "PIRATES"})", 400,
       "constituency"},
      {"POST", "/v1/briefs", R"({"topic": "a"})", 400, "title"},
      {"POST", "/v1/briefs", R"({"title": "x"})", 400, "topic"},
      {"POST", "/v1/briefs", R"({"title": "x", "topic": "Not A Slug"})", 400,
       "topic"},
      {"POST", "/v1/briefs", R"({"title": "x", "topic": "a", "colour": "red"})",
       400, "colour"},
      {"POST", "/v1/briefs",
       R"({"title": ")" + std::string(301, 'x') + R"(", "topic": "a"})", 400,
       "title"},
      {"PATCH", brief, R"({"sections": {"summary": ["x"]}})", 400,
       "sections.summary"},
      {"PATCH", brief, R"({"title": ""})", 400, "title"},
      {"GET", "/v1/briefs?state=DONE", "", 400, "state"},
      {"GET", "/v1/briefs?pageToken=%%%", "", 400, "pageToken"},
      {"GET", "/v1/briefs/0000nonexistent", "", 404, ""},
      {"GET", brief + "/revisions/abc", "", 400, "n"},
      {"GET", "/v1/nothing-here", "", 404, ""},
      {"PUT", brief, "{}", 405, ""},
  };
  for (const Case& c : cases) {
    HttpResponse res =
        api.Call(c.method, c.path, author.key, c.body, {{"If-Match", etag}});
    SCOPED_TRACE(c.method + " " + c.path + " " + c.body.substr(0, 60));
    EXPECT_EQ(res.status, c.status) << res.body;
    EXPECT_FALSE(res.ErrorCode().empty()) << res.body;
    EXPECT_EQ(res.Header("content-type"), "application/json; charset=utf-8");
    if (!c.field.empty()) {
      EXPECT_EQ(res.ErrorField(), c.field) << res.body;
    }
  }
  // 1 MiB of body is refused before it reaches a service.
  std::string huge = R"({"title":"x","topic":"a","sections":{"summary":")" +
                     std::string(1 << 20, 'a') + "\"}}";
  HttpResponse big = api.Call("POST", "/v1/briefs", author.key, huge);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.ErrorCode(), "RESOURCE_EXHAUSTED");
  HttpResponse wrong_type = api.Call("POST", "/v1/briefs", author.key, "{}",
                                     {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);

  // Nothing changed: one brief by this author, still at revision 1.
  HttpResponse now = api.Call("GET", brief, author.key);
  EXPECT_EQ(now.Json().at("revision").as_int64(), 1);
  EXPECT_EQ(Str(now.Json().at("sections"), "summary"), "kept");
  HttpResponse mine =
      api.Call("GET", "/v1/briefs?authorId=" + author.id, author.key);
  EXPECT_EQ(mine.Json().at("briefs").as_array().size(), 1u);
}

TEST_F(BriefsApiTest, RequestIdIsEchoedAndOpsRoutesAnswer) {
  HttpResponse res = api.Call("GET", "/v1/users/me", author.key, "",
                              {{"X-Request-Id", "trace-abc-123"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.Header("x-request-id"), "trace-abc-123");
  EXPECT_EQ(Str(res.Json(), "id"), author.id);
  EXPECT_EQ(api.Call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(api.Call("GET", "/readyz", "").status, 200);
  HttpResponse metrics = api.Call("GET", "/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find("briefdesk_http_requests_total{route=\"/v1/users/me\""),
      std::string::npos);
}

TEST_F(BriefsApiTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"),
                  static_cast<unsigned short>(api.stack().http_port())});
  beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::empty_body> req(http::verb::get, "/v1/users/me", 11);
    req.set(http::field::host, "x");
    req.set(http::field::authorization, "Bearer " + author.key);
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.keep_alive());
  }
}

}  // namespace
}  // namespace briefdesk::testing
