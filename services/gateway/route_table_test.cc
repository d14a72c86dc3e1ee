#include "services/gateway/route_table.h"

#include <gtest/gtest.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::gateway {
namespace {

RouteTable Table() {
  auto t = RouteTable::ForServices(
      {directory::v1::User::descriptor()->file()->FindServiceByName(
           "Directory"),
       briefs::v1::Brief::descriptor()->file()->FindServiceByName("Briefs")});
  EXPECT_TRUE(t.ok());
  return *t;
}

TEST(RouteTableTest, EveryApiRouteOfThisIssueIsDeclared) {
  RouteTable t = Table();
  std::set<std::string> got;
  for (const Route& r : t.routes())
    got.insert(r.http.method() + " " + r.http.path());
  std::set<std::string> want = {"POST /v1/users",
                                "GET /v1/users/me",
                                "PATCH /v1/users/me",
                                "GET /v1/users",
                                "GET /v1/users/{id}",
                                "POST /v1/users/{id=user_id}/keys",
                                "GET /v1/users/{id=user_id}/keys",
                                "DELETE /v1/users/{id=user_id}/keys/{keyId}",
                                "POST /v1/briefs",
                                "GET /v1/briefs",
                                "GET /v1/briefs/{id}",
                                "PATCH /v1/briefs/{id}",
                                "GET /v1/briefs/{id}/revisions",
                                "GET /v1/briefs/{id}/revisions/{n=number}",
                                "GET /v1/briefs/{id}/diff",
                                "GET /v1/briefs/{id}/check",
                                "POST /v1/briefs/{id}:check",
                                "GET /v1/briefs/{id}/history",
                                "POST /v1/briefs/{id}:submit",
                                "POST /v1/briefs/{id}:withdraw",
                                "POST /v1/briefs/{id}:reopen",
                                "POST /v1/briefs/{id}:publish",
                                "POST /v1/briefs/{id}:return",
                                "POST /v1/briefs/{id}:retract",
                                "POST /v1/invitations/{token}:accept",
                                "POST /v1/sessions",
                                "GET /v1/sessions",
                                "DELETE /v1/sessions/{id}",
                                "DELETE /v1/sessions",
                                "POST /v1/passwordResets",
                                "POST /v1/passwordResets/{token}:complete",
                                "POST /v1/users/{id}:erase"};
  EXPECT_EQ(got, want);
}

TEST(RouteTableTest, RawBodyCsvAndErrorFieldsAreResolvedOnce) {
  auto t = RouteTable::ForServices(
      {courses::v1::Course::descriptor()->file()->FindServiceByName(
          "Courses")});
  ASSERT_TRUE(t.ok()) << t.status();
  const Route* import = t->Find("POST", "/v1/courses/c1/members:import").route;
  ASSERT_NE(import, nullptr);
  ASSERT_NE(import->fields.raw_body, nullptr);
  EXPECT_EQ(import->fields.raw_body->name(), "csv");
  ASSERT_NE(import->fields.error_field, nullptr);
  EXPECT_EQ(import->fields.error_field->name(), "error");
  EXPECT_EQ(import->fields.csv_field, nullptr);
  const Route* progress = t->Find("GET", "/v1/courses/c1/progress").route;
  ASSERT_NE(progress, nullptr);
  ASSERT_NE(progress->fields.csv_flag, nullptr);
  EXPECT_EQ(progress->fields.csv_flag->name(), "as_csv");
  EXPECT_EQ(progress->fields.csv_field->containing_type()->name(), "Progress");
  EXPECT_EQ(progress->fields.raw_body, nullptr);
  const Route* plain = t->Find("GET", "/v1/courses/c1").route;
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->fields.csv_field, nullptr);
  EXPECT_EQ(plain->fields.error_field, nullptr);
}

TEST(RouteTableTest, LiteralBeatsParameterAndVerbsBind) {
  RouteTable t = Table();
  auto me = t.Find("GET", "/v1/users/me");
  ASSERT_NE(me.route, nullptr);
  EXPECT_EQ(me.route->http.path(), "/v1/users/me");
  auto user = t.Find("GET", "/v1/users/abc");
  ASSERT_NE(user.route, nullptr);
  EXPECT_EQ(user.params.at("id"), "abc");
  auto submit = t.Find("POST", "/v1/briefs/b%201:submit");
  ASSERT_NE(submit.route, nullptr);
  EXPECT_EQ(submit.route->rpc, "/briefdesk.briefs.v1.Briefs/SubmitBrief");
  EXPECT_EQ(submit.params.at("id"), "b 1");
}

TEST(RouteTableTest, WrongMethodListsAllowedUnknownPathNothing) {
  RouteTable t = Table();
  auto wrong = t.Find("PUT", "/v1/briefs/x");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_EQ(wrong.allowed_methods,
            (std::vector<std::string>{"GET", "HEAD", "PATCH"}));
  auto head = t.Find("HEAD", "/v1/briefs/x");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->http.method(), "GET");
  EXPECT_EQ(t.Find("DELETE", "/v1/briefs").allowed_methods,
            (std::vector<std::string>{"POST", "GET", "HEAD"}));
  auto verb_as_get = t.Find("GET", "/v1/briefs/x:submit");
  EXPECT_EQ(verb_as_get.route, nullptr);
  EXPECT_EQ(verb_as_get.allowed_methods, (std::vector<std::string>{"POST"}));
  auto none = t.Find("GET", "/v2/briefs");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_TRUE(none.allowed_methods.empty());
  EXPECT_EQ(t.Find("POST", "/v1/briefs/x:explode").route, nullptr);
}

TEST(RouteTableTest, PathParametersBindByApiNames) {
  RouteTable t = Table();
  auto rev = t.Find("GET", "/v1/briefs/b1/revisions/3");
  ASSERT_NE(rev.route, nullptr);
  EXPECT_EQ(rev.params.at("number"), "3");
  EXPECT_EQ(rev.names.at("number"), "n");
  auto key = t.Find("DELETE", "/v1/users/u1/keys/k%2F2");
  ASSERT_NE(key.route, nullptr);
  EXPECT_EQ(key.params.at("user_id"), "u1");
  EXPECT_EQ(key.params.at("keyId"), "k/2");
  EXPECT_EQ(key.names.at("user_id"), "id");
}

TEST(RouteTableTest, TargetsAndQueriesParseWithBoostUrl) {
  auto t = ParseTarget("/v1/briefs?state=DRAFT&topic=a%20b");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/v1/briefs");
  EXPECT_EQ(t->query, "state=DRAFT&topic=a%20b");
  EXPECT_FALSE(ParseTarget("/v1/briefs/%zz").ok());
  EXPECT_FALSE(ParseTarget("/v1/briefs/a b").ok());
  EXPECT_FALSE(ParseTarget("http://evil/v1").ok());  // origin form only
  EXPECT_FALSE(ParseTarget("*").ok());
  auto q = DecodeQuery("topic=a+b&cohort=2022%20Asia&flag&&x=%C3%A9");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 4u);
  EXPECT_EQ((*q)[0], std::make_pair(std::string("topic"), std::string("a b")));
  EXPECT_EQ((*q)[1].second, "2022 Asia");
  EXPECT_EQ((*q)[2], std::make_pair(std::string("flag"), std::string()));
  EXPECT_EQ((*q)[3].second, "é");
  EXPECT_FALSE(DecodeQuery("a=%G1").ok());
  EXPECT_FALSE(DecodeQuery("pageToken=%%%").ok());
  // The last value ends where the query ends, whatever follows it.
  std::string request_line = "state=DRAFT&pageToken=abc HTTP/1.1\r\n";
  auto last = DecodeQuery(std::string_view(request_line).substr(0, 25));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->back().second, "abc");
}

}  // namespace
}  // namespace briefdesk::gateway
