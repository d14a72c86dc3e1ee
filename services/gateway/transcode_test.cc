#include "services/gateway/transcode.h"

#include <gtest/gtest.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::gateway {
namespace {

using briefs::v1::CreateBriefRequest;
using briefs::v1::ListBriefsRequest;
using briefs::v1::UpdateBriefRequest;

RouteTable Table() {
  return *RouteTable::ForServices(
      {briefs::v1::Brief::descriptor()->file()->FindServiceByName("Briefs")});
}

std::string FieldOf(const absl::Status& s) {
  auto d = rpc::DetailsOf(s);
  return d.details_size() ? d.details(0).field() : "";
}

TEST(TranscodeTest, BodyQueryAndPathFillTheRequest) {
  RouteTable t = Table();
  auto found = t.Find("PATCH", "/v1/briefs/b1");
  UpdateBriefRequest req;
  HttpInput in{found.params, "", R"({"title":"Título","sections":{"summary":"S"}})",
               "\"2-3\""};
  ASSERT_TRUE(BuildRequest(*found.route, in, &req).ok());
  EXPECT_EQ(req.id(), "b1");
  EXPECT_EQ(req.title(), "Título");
  EXPECT_EQ(req.etag(), "2-3");
  EXPECT_TRUE(req.sections().has_summary());
  EXPECT_FALSE(req.sections().has_problem());

  auto list = t.Find("GET", "/v1/briefs");
  ListBriefsRequest lr;
  HttpInput q{{}, "state=DRAFT&pageSize=5&cohort=2022%20Asia&topic=a-b", "", ""};
  ASSERT_TRUE(BuildRequest(*list.route, q, &lr).ok());
  EXPECT_EQ(lr.state(), briefs::v1::DRAFT);
  EXPECT_EQ(lr.page_size(), 5);
  EXPECT_EQ(lr.cohort(), "2022 Asia");
}

TEST(TranscodeTest, BadInputNamesTheField) {
  RouteTable t = Table();
  const Route& create = *t.Find("POST", "/v1/briefs").route;
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"title": 5})", "title"},
      {R"({"constituency": "PIRATES"})", "constituency"},
      {R"({"sections": {"summary": ["x"]}})", "sections.summary"},
      {R"({"title": "x",)", "body"},
  };
  for (const Case& c : cases) {
    CreateBriefRequest req;
    absl::Status s = BuildRequest(create, {{}, "", c.body, ""}, &req);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(FieldOf(s), c.field) << c.body << " -> " << s.message();
  }
  CreateBriefRequest unknown;
  absl::Status s = BuildRequest(create, {{}, "", R"({"titel": "x"})", ""}, &unknown);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "titel") << s.message();

  CreateBriefRequest with_query;
  EXPECT_EQ(FieldOf(BuildRequest(create, {{}, "title=x", "{}", ""}, &with_query)),
            "query");

  const Route& list = *t.Find("GET", "/v1/briefs").route;
  ListBriefsRequest lr;
  EXPECT_EQ(FieldOf(BuildRequest(list, {{}, "state=DONE", "", ""}, &lr)), "state");
  EXPECT_EQ(FieldOf(BuildRequest(list, {{}, "pageSize=ten", "", ""}, &lr)),
            "pageSize");
  EXPECT_EQ(FieldOf(BuildRequest(list, {{}, "color=red", "", ""}, &lr)), "color");
}

TEST(TranscodeTest, IfMatchIsRequiredWhereDeclared) {
  RouteTable t = Table();
  auto found = t.Find("PATCH", "/v1/briefs/b1");
  UpdateBriefRequest req;
  absl::Status missing = BuildRequest(*found.route, {found.params, "", "{}", ""}, &req);
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  absl::Status star = BuildRequest(*found.route, {found.params, "", "{}", "*"}, &req);
  EXPECT_EQ(FieldOf(star), "If-Match");
  EXPECT_EQ(UnquoteEtag("W/\"1-2\""), "1-2");
}

TEST(TranscodeTest, StatusMappingAndErrorBody) {
  RouteTable t = Table();
  const Route* patch = t.Find("PATCH", "/v1/briefs/b").route;
  const Route* submit = t.Find("POST", "/v1/briefs/b:submit").route;
  EXPECT_EQ(HttpStatus(absl::StatusCode::kAborted, patch), 412);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kAborted, submit), 409);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kFailedPrecondition, submit), 409);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kUnavailable, nullptr), 503);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kDeadlineExceeded, nullptr), 504);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kResourceExhausted, nullptr), 429);
  EXPECT_EQ(ErrorJson(absl::StatusCode::kNotFound, "gone", {}),
            R"({"error":{"code":"NOT_FOUND","message":"gone","details":[]}})");
  auto s = rpc::FieldError("sections.summary", "too long");
  EXPECT_EQ(ErrorJson(s.code(), std::string(s.message()), rpc::DetailsOf(s)),
            R"({"error":{"code":"INVALID_ARGUMENT","message":"sections.summary: too long",)"
            R"("details":[{"field":"sections.summary","description":"too long"}]}})");
}

TEST(TranscodeTest, LocationAndEtagFromTheAnswer) {
  directory::v1::CreateUserResponse r;
  r.mutable_user()->set_id("u7");
  EXPECT_EQ(FillTemplate("/v1/users/{user.id}", r), "/v1/users/u7");
  EXPECT_EQ(FieldString(r, "user.id"), "u7");
  EXPECT_EQ(FillTemplate("/v1/users/{user.email}", r), "");
}

}  // namespace
}  // namespace briefdesk::gateway
