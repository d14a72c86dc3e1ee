#include "services/gateway/route_table.h"

#include <gtest/gtest.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
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
  for (const Route& r : t.routes()) got.insert(r.http.method() + " " + r.http.path());
  std::set<std::string> want = {
      "POST /v1/users", "GET /v1/users/me", "GET /v1/users",
      "GET /v1/users/{id}", "POST /v1/users/{user_id}/keys",
      "DELETE /v1/users/{user_id}/keys/{key_id}", "POST /v1/briefs",
      "GET /v1/briefs", "GET /v1/briefs/{id}", "PATCH /v1/briefs/{id}",
      "GET /v1/briefs/{id}/revisions", "GET /v1/briefs/{id}/revisions/{number}",
      "GET /v1/briefs/{id}/diff", "GET /v1/briefs/{id}/check",
      "GET /v1/briefs/{id}/history", "POST /v1/briefs/{id}:submit",
      "POST /v1/briefs/{id}:withdraw", "POST /v1/briefs/{id}:reopen",
      "POST /v1/briefs/{id}:publish", "POST /v1/briefs/{id}:return",
      "POST /v1/briefs/{id}:retract"};
  EXPECT_EQ(got, want);
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
  EXPECT_EQ(wrong.allowed_methods, (std::vector<std::string>{"GET", "PATCH"}));
  auto verb_as_get = t.Find("GET", "/v1/briefs/x:submit");
  EXPECT_EQ(verb_as_get.route, nullptr);
  EXPECT_EQ(verb_as_get.allowed_methods, (std::vector<std::string>{"POST"}));
  auto none = t.Find("GET", "/v2/briefs");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_TRUE(none.allowed_methods.empty());
  EXPECT_EQ(t.Find("POST", "/v1/briefs/x:explode").route, nullptr);
}

}  // namespace
}  // namespace briefdesk::gateway
