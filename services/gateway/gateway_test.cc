// Gateway::Handle with request values and a fake of the backends: what a
// client notices (status, headers, body) and what the service is asked.
// No sockets, no threads: the fake answers at once, on the caller's thread.
#include "services/gateway/gateway.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <vector>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/fake_backends.h"
#include "services/gateway/gateway_fixture.h"

namespace briefdesk::gateway {
namespace {

using briefs::v1::Brief;

Brief SomeBrief() {
  Brief b;
  b.set_id("b7");
  b.set_etag("r1");
  b.set_title("Decent work");
  return b;
}

TEST_F(GatewayTest, CreateIsTheRpcWithTheBodysFieldsAndAnswers201) {
  backends.Answer(SomeBrief());
  Answered a = Send(http::verb::post, "/v1/briefs",
                    R"({"title":"Decent work","topic":"social-protection"})",
                    {{"Idempotency-Key", "k-1"}, {"X-Request-Id", "req-1"}});
  ASSERT_EQ(a.status(), 201) << a.res.body();
  ASSERT_EQ(backends.sent.size(), 1u);
  const Sent& s = backends.sent[0];
  EXPECT_EQ(s.service, "briefdesk.briefs.v1.Briefs");
  EXPECT_EQ(s.rpc, "/briefdesk.briefs.v1.Briefs/CreateBrief");
  auto req = Asked<briefs::v1::CreateBriefRequest>();
  EXPECT_EQ(req.title(), "Decent work");
  EXPECT_EQ(req.topic(), "social-protection");
  EXPECT_EQ(s.principal.user_id(), "u1");
  EXPECT_EQ(s.request_id, "req-1");
  EXPECT_EQ(s.idempotency_key, "k-1");
  EXPECT_EQ(backends.keys, std::vector<std::string>{kKey});
  EXPECT_EQ(a.header("Location"), "/v1/briefs/b7");
  EXPECT_EQ(a.header("ETag"), "\"r1\"");
  EXPECT_EQ(a.header("X-Request-Id"), "req-1");
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(a.body().at("id").as_string(), "b7");
  EXPECT_EQ(a.body().at("title").as_string(), "Decent work");
}

TEST_F(GatewayTest, PathParamsAndIfMatchFillTheRequest) {
  backends.Answer(SomeBrief());
  Answered got = Send(http::verb::get, "/v1/briefs/b7");
  EXPECT_EQ(got.status(), 200);
  EXPECT_EQ(backends.sent.at(0).rpc, "/briefdesk.briefs.v1.Briefs/GetBrief");
  EXPECT_EQ(Asked<briefs::v1::GetBriefRequest>(0).id(), "b7");
  EXPECT_EQ(got.body().at("etag").as_string(), "r1");

  Answered edited = Send(http::verb::patch, "/v1/briefs/b7",
                         R"({"title":"New"})", {{"If-Match", "\"r1\""}});
  EXPECT_EQ(edited.status(), 200) << edited.res.body();
  auto patch = Asked<briefs::v1::UpdateBriefRequest>(1);
  EXPECT_EQ(patch.id(), "b7");
  EXPECT_EQ(patch.title(), "New");
  ASSERT_EQ(patch.if_match_size(), 1);
  EXPECT_EQ(patch.if_match(0), "r1");
}

TEST_F(GatewayTest, ARevalidationNamingTheCurrentTagIs304) {
  backends.Answer(SomeBrief());
  Answered a =
      Send(http::verb::get, "/v1/briefs/b7", "", {{"If-None-Match", "\"r1\""}});
  EXPECT_EQ(a.status(), 304);
  EXPECT_TRUE(a.res.body().empty());
}

TEST_F(GatewayTest, NoKeyIs401AndNothingIsCalled) {
  Answered a =
      Send(http::verb::get, "/v1/briefs/b7", "", {{"Authorization", ""}});
  EXPECT_EQ(a.status(), 401);
  EXPECT_EQ(a.code(), "UNAUTHENTICATED");
  EXPECT_EQ(a.header("WWW-Authenticate"), "Bearer realm=\"BriefDesk\"");
  EXPECT_TRUE(backends.keys.empty());
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(GatewayTest, AnUnknownKeyIs401InvalidToken) {
  backends.auth = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no such");
  Answered a = Send(http::verb::get, "/v1/briefs/b7");
  EXPECT_EQ(a.status(), 401);
  EXPECT_EQ(a.message(), "unknown or revoked key");
  EXPECT_EQ(a.header("WWW-Authenticate"),
            "Bearer realm=\"BriefDesk\", error=\"invalid_token\"");
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(GatewayTest, UnknownPathIs404AndAWrongMethodIs405WithAllow) {
  Answered missing = Send(http::verb::get, "/v1/nothing-here");
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(missing.code(), "NOT_FOUND");
  EXPECT_EQ(missing.body().at("error").at("details").as_array().size(), 0u);
  Answered wrong = Send(http::verb::put, "/v1/briefs/b7");
  EXPECT_EQ(wrong.status(), 405);
  EXPECT_EQ(wrong.code(), "UNIMPLEMENTED");
  EXPECT_EQ(wrong.header("Allow"), "GET, HEAD, PATCH");
  EXPECT_TRUE(backends.sent.empty());
}

struct Mapping {
  grpc::StatusCode code;
  int http;
  const char* name;
};

TEST_F(GatewayTest, EachGrpcCodeIsItsHttpStatusAndErrorBody) {
  const Mapping mappings[] = {
      {grpc::StatusCode::INVALID_ARGUMENT, 400, "INVALID_ARGUMENT"},
      {grpc::StatusCode::OUT_OF_RANGE, 400, "OUT_OF_RANGE"},
      {grpc::StatusCode::UNAUTHENTICATED, 401, "UNAUTHENTICATED"},
      {grpc::StatusCode::PERMISSION_DENIED, 403, "PERMISSION_DENIED"},
      {grpc::StatusCode::NOT_FOUND, 404, "NOT_FOUND"},
      {grpc::StatusCode::ALREADY_EXISTS, 409, "ALREADY_EXISTS"},
      {grpc::StatusCode::FAILED_PRECONDITION, 409, "FAILED_PRECONDITION"},
      {grpc::StatusCode::ABORTED, 409, "ABORTED"},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429, "RESOURCE_EXHAUSTED"},
      {grpc::StatusCode::UNIMPLEMENTED, 501, "UNIMPLEMENTED"},
      {grpc::StatusCode::UNAVAILABLE, 503, "UNAVAILABLE"},
      {grpc::StatusCode::CANCELLED, 503, "UNAVAILABLE"},
      {grpc::StatusCode::DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"},
      {grpc::StatusCode::INTERNAL, 500, "INTERNAL"},
      {grpc::StatusCode::UNKNOWN, 500, "UNKNOWN"},
      {grpc::StatusCode::DATA_LOSS, 500, "DATA_LOSS"},
  };
  for (const Mapping& m : mappings) {
    SCOPED_TRACE(m.name);
    backends.status = grpc::Status(m.code, "said by the service");
    Answered a = Send(http::verb::post, "/v1/briefs/b7:submit");
    EXPECT_EQ(a.status(), m.http);
    EXPECT_EQ(a.code(), m.name);
    // A failure of ours says where to look, never the service's detail.
    if (m.http >= 500) {
      EXPECT_NE(a.message(), "said by the service");
    } else {
      EXPECT_EQ(a.message(), "said by the service");
    }
    EXPECT_EQ(a.header("Retry-After"), m.http == 503 ? "1" : "");
  }
}

TEST_F(GatewayTest, AStaleEtagIs412WhereTheRouteTakesIfMatch) {
  backends.status = grpc::Status(grpc::StatusCode::ABORTED, "stale");
  Answered a = Send(http::verb::patch, "/v1/briefs/b7", R"({"title":"x"})",
                    {{"If-Match", "\"r0\""}});
  EXPECT_EQ(a.status(), 412);
  EXPECT_EQ(a.code(), "ABORTED");
}

TEST_F(GatewayTest, FieldErrorsFromTheServiceReachTheBody) {
  backends.status =
      rpc::ToGrpcStatus(rpc::FieldError("sections.summary", "too long"));
  Answered a = Send(http::verb::post, "/v1/briefs/b7:submit");
  EXPECT_EQ(a.status(), 400);
  EXPECT_EQ(a.res.body(), R"({"error":{"code":"INVALID_ARGUMENT","message":)"
                          R"("sections.summary: too long","details":[{"field":)"
                          R"("sections.summary","description":"too long",)"
                          R"("allowedActions":[]}]}})");
}

TEST_F(GatewayTest, AnEditWithoutIfMatchIs428AndIsNotSent) {
  Answered a = Send(http::verb::patch, "/v1/briefs/b7", R"({"title":"x"})");
  EXPECT_EQ(a.status(), 428);
  EXPECT_EQ(a.code(), "FAILED_PRECONDITION");
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(GatewayTest, AServiceSayingIfMatchIsRequiredIs428) {
  backends.status = rpc::ToGrpcStatus(rpc::PreconditionRequired("send it"));
  Answered a = Send(http::verb::patch, "/v1/briefs/b7", R"({"title":"x"})",
                    {{"If-Match", "\"r1\""}});
  EXPECT_EQ(a.status(), 428);
  EXPECT_EQ(a.code(), "FAILED_PRECONDITION");
  EXPECT_EQ(a.message(), "send it");
}

TEST_F(GatewayTest, ABodyThatIsNotJsonIs415) {
  Answered a = Send(http::verb::post, "/v1/briefs", "title=x",
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(a.status(), 415);
  EXPECT_EQ(a.code(), "INVALID_ARGUMENT");
  // A body without any Content-Type is refused alike.
  Answered untyped = Send(http::verb::post, "/v1/briefs", R"({"title":"x"})",
                          {{"Content-Type", ""}});
  EXPECT_EQ(untyped.status(), 415);
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(GatewayTest, PastTheRateLimitIs429WithRetryAfter) {
  GatewayOptions options;
  options.rate_limit_per_minute = 1;
  Gateway limited(Gateway::DefaultRoutes(), &backends, options, &metrics_);
  gateway = &limited;
  backends.Answer(SomeBrief());
  Answered first = Send(http::verb::get, "/v1/briefs/b7");
  EXPECT_EQ(first.status(), 200);
  EXPECT_EQ(first.header("RateLimit-Limit"), "1");
  Answered second = Send(http::verb::get, "/v1/briefs/b7");
  EXPECT_EQ(second.status(), 429);
  EXPECT_EQ(second.code(), "RESOURCE_EXHAUSTED");
  EXPECT_FALSE(second.header("Retry-After").empty());
  EXPECT_EQ(second.header("RateLimit-Remaining"), "0");
  EXPECT_EQ(backends.sent.size(), 1u);
}

TEST_F(GatewayTest, TheEffectsTrailerReachesTheAnswer) {
  backends.Answer(SomeBrief());
  backends.effects = "pending";
  Answered pending = Send(http::verb::post, "/v1/briefs/b7:submit");
  EXPECT_EQ(pending.status(), 200);
  EXPECT_EQ(pending.header("X-BriefDesk-Effects"), "pending");
  EXPECT_EQ(Asked<briefs::v1::BriefActionRequest>(0).id(), "b7");
  backends.effects = "";
  Answered none = Send(http::verb::post, "/v1/briefs/b7:submit");
  EXPECT_EQ(none.header("X-BriefDesk-Effects"), "");
}

TEST_F(GatewayTest, OwnRoutesAreAnsweredWithoutAKey) {
  std::map<std::string, std::string> anonymous = {{"Authorization", ""}};
  Answered health = Send(http::verb::get, "/healthz", "", anonymous);
  EXPECT_EQ(health.status(), 200);
  EXPECT_EQ(health.res.body(), R"({"status":"ok"})");
  Answered ready = Send(http::verb::get, "/readyz", "", anonymous);
  EXPECT_EQ(ready.status(), 200);
  EXPECT_EQ(ready.res.body(), R"({"status":"ready"})");
  Answered doc = Send(http::verb::get, "/v1/openapi.json", "", anonymous);
  EXPECT_EQ(doc.status(), 200);
  EXPECT_TRUE(doc.body().contains("paths"));
  EXPECT_TRUE(backends.keys.empty());
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(GatewayTest, ReadinessIs503WhileABackendIsDownOrTheGatewayDrains) {
  backends.healthy = false;
  Answered down = Send(http::verb::get, "/readyz");
  EXPECT_EQ(down.status(), 503);
  EXPECT_EQ(down.header("Retry-After"), "1");
  backends.healthy = true;
  gateway_.SetDraining();
  EXPECT_EQ(Send(http::verb::get, "/readyz").status(), 503);
  EXPECT_EQ(Send(http::verb::get, "/healthz").status(), 200);
  EXPECT_EQ(gateway_.in_flight(), 0);
}

TEST_F(GatewayTest, TheEventStreamOpensOnceTheServiceHasIt) {
  Answered a = Send(http::verb::get, "/v1/notifications:stream", "",
                    {{"Last-Event-ID", "42"}});
  EXPECT_EQ(a.status(), 200);
  EXPECT_EQ(a.header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_NE(a.stream, nullptr);
  EXPECT_EQ(backends.stream_user, "u1");
  EXPECT_EQ(backends.stream_after, 42);
  backends.stream_status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  Answered down = Send(http::verb::get, "/v1/notifications:stream");
  EXPECT_EQ(down.status(), 503);
  EXPECT_EQ(down.stream, nullptr);
}

}  // namespace
}  // namespace briefdesk::gateway
