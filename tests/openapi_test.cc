// /v1/openapi.json is valid OpenAPI 3, lists exactly the REST contract, and
// the running gateway answers just those methods on those paths.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

namespace json = boost::json;

void CollectRefs(const json::value& v, std::vector<std::string>* out) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      if (k == "$ref" && child.is_string())
        out->emplace_back(child.as_string());
      CollectRefs(child, out);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) CollectRefs(child, out);
  }
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpResponse res = api_.Call("GET", "/v1/openapi.json", "");  // no key
    ASSERT_EQ(res.status, 200);
    doc_ = res.Json();
    ASSERT_TRUE(doc_.is_object()) << res.body.substr(0, 200);
  }
  Api api_;
  json::value doc_;
};

TEST_F(OpenApiTest, IsStructurallyValidOpenApi3) {
  EXPECT_EQ(Str(doc_, "openapi").rfind("3.0.", 0), 0u);
  EXPECT_FALSE(Str(doc_.at("info"), "title").empty());
  EXPECT_FALSE(Str(doc_.at("info"), "version").empty());
  const auto& schemas = doc_.at("components").at("schemas").as_object();
  std::vector<std::string> refs;
  CollectRefs(doc_, &refs);
  ASSERT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    bool found = false;
    for (const char* kind : {"schemas", "responses", "headers"}) {
      const std::string prefix = std::string("#/components/") + kind + "/";
      if (ref.rfind(prefix, 0) != 0) continue;
      found = doc_.at("components")
                  .at(kind)
                  .as_object()
                  .contains(ref.substr(prefix.size()));
    }
    EXPECT_TRUE(found) << ref;
  }
  EXPECT_FALSE(schemas.empty());
  const std::set<std::string> methods = {"get",    "post", "patch",
                                         "delete", "put",  "options"};
  for (const auto& [path, item] : doc_.at("paths").as_object()) {
    EXPECT_EQ(path.front(), '/');
    for (const auto& [method, op] : item.as_object()) {
      EXPECT_TRUE(methods.count(std::string(method))) << method;
      EXPECT_FALSE(op.at("responses").as_object().empty()) << path;
      // Every path parameter of the template is declared, and vice versa.
      std::set<std::string> in_template, declared;
      std::string p(path);
      for (size_t o = p.find('{'); o != std::string::npos;
           o = p.find('{', o + 1)) {
        in_template.insert(p.substr(o + 1, p.find('}', o) - o - 1));
      }
      if (op.as_object().contains("parameters")) {
        for (const auto& param : op.at("parameters").as_array()) {
          if (Str(param, "in") == "path") declared.insert(Str(param, "name"));
        }
      }
      EXPECT_EQ(in_template, declared) << path;
    }
  }
}

// The REST contract (API.md) as of this version: every route a client may
// call. Written out here, not read from the gateway's route table, so the
// served document is held to the contract and not to itself.
const std::set<std::string>& ContractRoutes() {
  static const std::set<std::string> routes = {
      "GET /healthz",
      "GET /readyz",
      "GET /metrics",
      "GET /v1/openapi.json",
      "GET /published",
      "GET /published/feed.atom",
      "GET /published/{slug}",
      "GET /published/{slug}.md",
      "GET /invitations/{token}",
      "POST /invitations/{token}",
      "POST /v1/users",
      "GET /v1/users",
      "GET /v1/users/me",
      "PATCH /v1/users/me",
      "GET /v1/users/{id}",
      "POST /v1/users/{id}/keys",
      "GET /v1/users/{id}/keys",
      "DELETE /v1/users/{id}/keys/{keyId}",
      "POST /v1/briefs",
      "GET /v1/briefs",
      "GET /v1/briefs/{id}",
      "PATCH /v1/briefs/{id}",
      "GET /v1/briefs/{id}/revisions",
      "GET /v1/briefs/{id}/revisions/{n}",
      "GET /v1/briefs/{id}/diff",
      "GET /v1/briefs/{id}/check",
      "GET /v1/briefs/{id}/history",
      "GET /v1/briefs/{id}/reviews",
      "POST /v1/briefs/{id}:submit",
      "POST /v1/briefs/{id}:withdraw",
      "POST /v1/briefs/{id}:reopen",
      "POST /v1/briefs/{id}:publish",
      "POST /v1/briefs/{id}:return",
      "POST /v1/briefs/{id}:retract",
      "POST /v1/reviews:claim",
      "POST /v1/reviews/{taskId}:renew",
      "POST /v1/reviews/{taskId}:release",
      "POST /v1/reviews/{taskId}:complete",
      "GET /v1/reviews",
      "GET /v1/queue",
      "POST /v1/briefs/{id}:requestFeedback",
      "GET /v1/briefs/{id}/feedback",
      "POST /v1/feedback:claim",
      "GET /v1/feedback",
      "GET /v1/feedback/{id}",
      "POST /v1/feedback/{id}:renew",
      "POST /v1/feedback/{id}:release",
      "POST /v1/feedback/{id}:answer",
      "POST /v1/feedback/{id}:cancel",
      "GET /v1/briefs/{id}/comments",
      "POST /v1/briefs/{id}/comments/{commentId}:reply",
      "POST /v1/briefs/{id}/comments/{commentId}:resolve",
      "PATCH /v1/courses/{id}/members/{userId}",
      "GET /v1/courses/{id}/members/{userId}/agreement",
      "PATCH /v1/courses/{id}/members/{userId}/agreement",
      "GET /v1/courses/{id}/followUps",
      "GET /v1/courses/{id}/analytics",
      "GET /v1/analytics",
      "GET /v1/followUps/{id}",
      "POST /v1/followUps/{id}:record",
      "POST /v1/followUps/{id}:reschedule",
      "POST /v1/followUps/{id}/reports",
      "GET /v1/notifications",
      "GET /v1/notifications:stream",
      "POST /v1/notifications/{id}:read",
      "POST /v1/webhooks",
      "GET /v1/webhooks",
      "DELETE /v1/webhooks/{id}",
      "GET /v1/webhooks/{id}/deliveries",
      "GET /v1/users/me/preferences",
      "PATCH /v1/users/me/preferences",
      "GET /v1/emails",
      "POST /v1/email:unsubscribe",
      "POST /v1/courses",
      "GET /v1/courses",
      "GET /v1/courses/{id}",
      "PATCH /v1/courses/{id}",
      "POST /v1/courses/{id}/members",
      "GET /v1/courses/{id}/members",
      "DELETE /v1/courses/{id}/members/{userId}",
      "POST /v1/courses/{id}/members:import",
      "POST /v1/courses/{id}/members/{userId}:invite",
      "GET /v1/courses/{id}/progress",
      "GET /v1/courses/{id}/members/{userId}/plan",
      "PATCH /v1/courses/{id}/members/{userId}/plan",
      "POST /v1/courses/{id}/members/{userId}/extensions",
      "GET /v1/courses/{id}/members/{userId}/extensions",
      "POST /v1/invitations/{token}:accept",
      "POST /v1/sessions",
      "GET /v1/sessions",
      "DELETE /v1/sessions",
      "DELETE /v1/sessions/{id}",
      "POST /v1/passwordResets",
      "POST /v1/passwordResets/{token}:complete",
      "POST /v1/briefs/{id}:check",
      "POST /v1/briefs:preview",
      "GET /v1/users/me:export",
      "POST /v1/users/{id}:erase",
  };
  return routes;
}

// A concrete target for a route template: every {param} becomes "1".
std::string Concrete(std::string path) {
  for (size_t o; (o = path.find('{')) != std::string::npos;) {
    path.replace(o, path.find('}', o) - o + 1, "1");
  }
  return path;
}

bool NoRoute(const HttpResponse& res) {
  return res.status == 404 &&
         res.body.find("no route for") != std::string::npos;
}

TEST_F(OpenApiTest, DocumentsExactlyTheContract) {
  std::set<std::string> documented;
  for (const auto& [path, item] : doc_.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      if (m == "options") continue;  // every path answers OPTIONS
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
    }
  }
  EXPECT_EQ(documented, ContractRoutes());
}

TEST_F(OpenApiTest, TheGatewayAnswersEveryDocumentedRouteAndNoOtherMethod) {
  std::map<std::string, std::set<std::string>> methods;  // path -> methods
  for (const auto& [path, item] : doc_.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      methods[std::string(path)].insert(m);
    }
  }
  ASSERT_FALSE(methods.empty());
  for (const auto& [path, documented] : methods) {
    std::string target = Concrete(path);
    for (const std::string& m : documented) {
      // A stream never ends; sse_test covers it.
      if (path == "/v1/notifications:stream" || m == "OPTIONS") continue;
      HttpResponse res = api_.Call(m, target, api_.stack().admin_key());
      EXPECT_NE(res.status, 0) << m << " " << path;
      EXPECT_NE(res.status, 405) << m << " " << path;
      EXPECT_FALSE(NoRoute(res)) << m << " " << path << ": " << res.body;
    }
    // What the gateway says it takes there is what the document lists.
    HttpResponse options = api_.Call("OPTIONS", target, "");
    EXPECT_EQ(options.status, 204) << path;
    std::set<std::string> allowed;
    for (absl::string_view m : absl::StrSplit(options.Header("allow"), ',')) {
      allowed.insert(std::string(absl::StripAsciiWhitespace(m)));
    }
    std::set<std::string> expected = documented;
    expected.insert("OPTIONS");
    if (documented.count("GET")) expected.insert("HEAD");
    EXPECT_EQ(allowed, expected) << path;
    // And every other method is refused with 405, not served.
    for (const char* m : {"GET", "POST", "PATCH", "DELETE", "PUT"}) {
      if (expected.count(m)) continue;
      HttpResponse res = api_.Call(m, target, api_.stack().admin_key());
      EXPECT_EQ(res.status, 405) << m << " " << path << ": " << res.body;
    }
  }
  // A path outside the contract is no route at all.
  EXPECT_TRUE(
      NoRoute(api_.Call("GET", "/v1/nothing-here", api_.stack().admin_key())));
}

}  // namespace
}  // namespace briefdesk::testing
