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

HttpInput Body(std::string_view body) { return {{}, {}, "", body, ""}; }
HttpInput Query(std::string_view query) { return {{}, {}, query, "", ""}; }
HttpInput On(const RouteTable::Found& f, std::string_view body,
             std::string_view if_match = "") {
  return {f.params, f.names, "", body, if_match};
}

TEST(TranscodeTest, BodyQueryAndPathFillTheRequest) {
  RouteTable t = Table();
  auto found = t.Find("PATCH", "/v1/briefs/b1");
  UpdateBriefRequest req;
  ASSERT_TRUE(
      BuildRequest(*found.route,
                   On(found, R"({"title":"Título","sections":{"summary":"S"}})",
                      "\"2-3\""),
                   &req)
          .ok());
  EXPECT_EQ(req.id(), "b1");
  EXPECT_EQ(req.title(), "Título");
  ASSERT_EQ(req.if_match_size(), 1);
  EXPECT_EQ(req.if_match(0), "2-3");
  EXPECT_TRUE(req.sections().has_summary());
  EXPECT_FALSE(req.sections().has_problem());

  auto list = t.Find("GET", "/v1/briefs");
  ListBriefsRequest lr;
  ASSERT_TRUE(
      BuildRequest(*list.route,
                   Query("state=DRAFT&pageSize=5&cohort=2022%20Asia&topic=a-b"),
                   &lr)
          .ok());
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
      {R"({"title": 5, "topic": "t"})", "title"},
      {R"({"constituency": "PIRATES"})", "constituency"},
      {R"({"constituency": "CONSTITUENCY_UNSPECIFIED"})", "constituency"},
      {R"({"constituency": 1})", "constituency"},
      {R"({"sections": {"summary": ["x"]}})", "sections.summary"},
      {R"({"title": "x",)", "body"},
      {"{\"title\": \"raw \x01 control\", \"topic\": \"t\"}", "body"},
      {"{\"title\": \"bad \xff byte\", \"topic\": \"t\"}", "body"},
      {R"({"title": "NUL \u0000 title", "topic": "t"})", "title"},
      {R"({"title": "x", "topic": "t", "sections": {"summary": "a\rb"}})",
       "sections.summary"},
      {R"({"title": "x", "topic": "t"} {})", "body"},
      {R"([1])", "body"},
      {R"({"topic": "t"})", "title"},  // required
      {R"({"title": "x"})", "topic"},
  };
  for (const Case& c : cases) {
    CreateBriefRequest req;
    absl::Status s = BuildRequest(create, Body(c.body), &req);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(FieldOf(s), c.field) << c.body << " -> " << s.message();
  }
  CreateBriefRequest unknown;
  absl::Status s = BuildRequest(create, Body(R"({"titel": "x"})"), &unknown);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "titel") << s.message();

  CreateBriefRequest with_query;
  HttpInput both{{}, {}, "title=x", "{}", ""};
  EXPECT_EQ(FieldOf(BuildRequest(create, both, &with_query)), "query");

  const Route& list = *t.Find("GET", "/v1/briefs").route;
  ListBriefsRequest lr;
  for (auto [query, field] : std::vector<std::pair<const char*, const char*>>{
           {"state=DONE", "state"},
           {"state=STATE_UNSPECIFIED", "state"},
           {"pageSize=ten", "pageSize"},
           {"color=red", "color"},
           {"cohort=%00", "cohort"},
           {"topic=%FF", "topic"},
           {"topic=%zz", "topic"},
           {"topic=a&topic=b", "topic"},
           {"pageSize=0&pageSize=50", "pageSize"},
           {"topic=&topic=x", "topic"}}) {
    ListBriefsRequest fresh;
    EXPECT_EQ(FieldOf(BuildRequest(list, Query(query), &fresh)), field)
        << query;
  }
}

TEST(TranscodeTest, IfMatchIsRequiredWhereDeclared) {
  RouteTable t = Table();
  auto found = t.Find("PATCH", "/v1/briefs/b1");
  UpdateBriefRequest req;
  absl::Status missing = BuildRequest(*found.route, On(found, "{}"), &req);
  EXPECT_TRUE(rpc::IsPreconditionRequired(missing));  // 428
  UpdateBriefRequest star;
  ASSERT_TRUE(BuildRequest(*found.route, On(found, "{}", "*"), &star).ok());
  EXPECT_EQ(star.if_match(0), "*");
  UpdateBriefRequest list;
  ASSERT_TRUE(BuildRequest(*found.route,
                           On(found, "{}", R"("1-1", W/"2-2", "3-3")"), &list)
                  .ok());
  EXPECT_EQ(
      std::vector<std::string>(list.if_match().begin(), list.if_match().end()),
      (std::vector<std::string>{"1-1", "3-3"}));
  UpdateBriefRequest weak;
  EXPECT_EQ(
      BuildRequest(*found.route, On(found, "{}", R"(W/"1-1")"), &weak).code(),
      absl::StatusCode::kAborted);  // a weak tag never matches: 412
  UpdateBriefRequest bad;
  EXPECT_EQ(FieldOf(BuildRequest(*found.route, On(found, "{}", "1-1"), &bad)),
            "If-Match");
  UpdateBriefRequest bound;
  EXPECT_EQ(FieldOf(BuildRequest(*found.route,
                                 On(found, R"({"id":"other"})", "*"), &bound)),
            "id");
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
