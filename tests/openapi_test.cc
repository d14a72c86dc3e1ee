// /v1/openapi.json is valid OpenAPI 3 and lists exactly the routes the
// gateway serves.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "services/gateway/gateway.h"
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

TEST_F(OpenApiTest, ListsExactlyTheRoutesTheGatewayServes) {
  std::set<std::string> documented;
  for (const auto& [path, item] : doc_.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      if (m == "options") continue;  // every path answers OPTIONS
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
    }
  }
  std::set<std::string> served;
  gateway::RouteTable routes = gateway::Gateway::DefaultRoutes();
  for (const auto& r : routes.routes()) {
    served.insert(r.http.method() + " " + gateway::ApiPath(r.http.path()));
  }
  EXPECT_EQ(documented, served);
  EXPECT_GE(served.size(), 25u);

  // And the running gateway answers each of them (not "no route", not 405).
  for (const std::string& route : documented) {
    // A stream never ends; sse_test covers it.
    if (route == "GET /v1/notifications:stream") continue;
    std::string method = route.substr(0, route.find(' '));
    std::string path = route.substr(route.find(' ') + 1);
    for (size_t o; (o = path.find('{')) != std::string::npos;) {
      path.replace(o, path.find('}', o) - o + 1, "1");
    }
    HttpResponse res = api_.Call(method, path, api_.stack().admin_key());
    EXPECT_NE(res.status, 405) << route;
    EXPECT_EQ(res.body.find("no route for"), std::string::npos) << route;
    EXPECT_NE(res.status, 0) << route;
  }
}

}  // namespace
}  // namespace briefdesk::testing
