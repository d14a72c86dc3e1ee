#include "services/gateway/http_errors.h"

#include <gtest/gtest.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::gateway {
namespace {

RouteTable Table() {
  RouteTable t = *RouteTable::ForServices(
      {briefs::v1::Brief::descriptor()->file()->FindServiceByName("Briefs")});
  OwnRouteDoc page;
  page.cacheable = true;
  t.AddOwn("GET", "/published/{slug}", "A page", true, page);
  return t;
}

std::string HeaderOf(const ErrorResponse& e, std::string_view name) {
  for (const auto& [n, v] : e.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(HttpErrorTest, TheCodeDecidesAndAbortedIs412WhereIfMatchIsTaken) {
  RouteTable t = Table();
  const Route* patch = t.Find("PATCH", "/v1/briefs/b").route;
  const Route* submit = t.Find("POST", "/v1/briefs/b:submit").route;
  EXPECT_EQ(HttpError(absl::AbortedError("stale"), {.route = patch}).status,
            412);
  EXPECT_EQ(HttpError(absl::AbortedError("stale"), {.route = submit}).status,
            409);
  EXPECT_EQ(HttpError(absl::FailedPreconditionError("no")).status, 409);
  EXPECT_EQ(HttpError(absl::DeadlineExceededError("slow")).status, 504);
  EXPECT_EQ(HttpError(absl::ResourceExhaustedError("full")).status, 429);
  EXPECT_EQ(HttpError(absl::NotFoundError("gone")).body,
            R"({"error":{"code":"NOT_FOUND","message":"gone","details":[]}})");
}

TEST(HttpErrorTest, PreconditionRequiredIs428FromTheGatewayOrAService) {
  absl::Status missing = rpc::PreconditionRequired("If-Match required");
  ErrorResponse e = HttpError(missing);
  EXPECT_EQ(e.status, 428);
  EXPECT_EQ(e.body, R"({"error":{"code":"FAILED_PRECONDITION","message":)"
                    R"("If-Match required","details":[]}})");
  EXPECT_EQ(HttpError(rpc::FromGrpcStatus(rpc::ToGrpcStatus(missing))).status,
            428);
}

TEST(HttpErrorTest, DetailsReachTheBodyEveryMemberPresent) {
  auto s = rpc::FieldError("sections.summary", "too long");
  EXPECT_EQ(
      HttpError(s).body,
      R"({"error":{"code":"INVALID_ARGUMENT","message":"sections.summary: too long",)"
      R"("details":[{"field":"sections.summary","description":"too long",)"
      R"("allowedActions":[]}]}})");
  // A refusal with no allowed action is never an empty object.
  common::v1::ErrorDetails none;
  none.add_details()->set_description("no action is allowed in this state");
  EXPECT_EQ(
      HttpError(rpc::WithDetails(absl::FailedPreconditionError("no"), none))
          .body,
      R"({"error":{"code":"FAILED_PRECONDITION","message":"no",)"
      R"("details":[{"field":"","description":"no action is allowed in this state",)"
      R"("allowedActions":[]}]}})");
}

TEST(HttpErrorTest, FailuresOfOursAreLoggedNotShownAndCancelledIsRetryable) {
  ErrorResponse e =
      HttpError(rpc::WithDetails(absl::InternalError("db at 10.0.0.7 said no"),
                                 rpc::DetailsOf(rpc::FieldError("x", "y"))),
                {.request_id = "r-9"});
  EXPECT_EQ(e.status, 500);
  EXPECT_EQ(e.logged, "db at 10.0.0.7 said no");
  EXPECT_EQ(e.body,
            R"({"error":{"code":"INTERNAL","message":"internal error; it is )"
            R"(logged under request id r-9","details":[]}})");
  ErrorResponse down = HttpError(absl::UnavailableError("briefs down"));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(HeaderOf(down, "Retry-After"), "1");
  ErrorResponse stopped = HttpError(absl::CancelledError("shutdown"));
  EXPECT_EQ(stopped.status, 503);
  EXPECT_NE(stopped.body.find("\"UNAVAILABLE\""), std::string::npos);
}

TEST(HttpErrorTest, TheGatewaysOwnRefusalsCarryTheirStatusAndHeaders) {
  ErrorResponse e = HttpError(WithHeader(
      WithHttpStatus(absl::UnimplementedError("PUT is not allowed here"), 405),
      "Allow", "GET, PATCH"));
  EXPECT_EQ(e.status, 405);
  EXPECT_EQ(HeaderOf(e, "Allow"), "GET, PATCH");
  // Its message is for the client, even at 5xx.
  ErrorResponse coding = HttpError(WithHttpStatus(
      absl::UnimplementedError("transfer coding gzip is not implemented"),
      501));
  EXPECT_EQ(coding.status, 501);
  EXPECT_NE(coding.body.find("gzip"), std::string::npos);
  EXPECT_TRUE(coding.logged.empty());
  ErrorResponse limited = HttpError(WithHeader(
      absl::ResourceExhaustedError("slow down"), "Retry-After", "7"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(HeaderOf(limited, "Retry-After"), "7");
}

TEST(HttpErrorTest, A401SaysWhetherAKeyWasRefused) {
  auto none = HttpError(absl::UnauthenticatedError("send a key"));
  EXPECT_EQ(HeaderOf(none, "WWW-Authenticate"), "Bearer realm=\"BriefDesk\"");
  auto refused =
      HttpError(absl::UnauthenticatedError("unknown"), {.key_sent = true});
  EXPECT_EQ(HeaderOf(refused, "WWW-Authenticate"),
            "Bearer realm=\"BriefDesk\", error=\"invalid_token\"");
}

TEST(HttpErrorTest, AReaderOfThePublishedPagesGetsAPage) {
  RouteTable t = Table();
  const Route* page = t.Find("GET", "/published/some-brief").route;
  ASSERT_NE(page, nullptr);
  ErrorResponse e =
      HttpError(absl::NotFoundError("no such brief"), {.route = page});
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.content_type, "text/html; charset=utf-8");
  EXPECT_NE(e.body.find("<"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::gateway
