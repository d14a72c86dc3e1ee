// How the OpenAPI document shows the routes that take a raw body, answer
// in CSV too, or answer an error beside their results: the course routes
// that use each option.
#include "services/gateway/openapi_bodies.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "briefdesk/courses/v1/courses.pb.h"
#include "services/gateway/openapi.h"

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;

class OpenApiBodiesTest : public ::testing::Test {
 protected:
  OpenApiBodiesTest() {
    auto table = RouteTable::ForServices(
        {courses::v1::Course::descriptor()->file()->FindServiceByName(
            "Courses")});
    EXPECT_TRUE(table.ok()) << table.status();
    doc_ = json::parse(OpenApiJson(*table));
  }
  const json::object& Op(const char* path, const char* method) {
    return doc_.at("paths").at(path).at(method).as_object();
  }
  // The schema a $ref names.
  const json::object& Schema(const json::value& ref) {
    std::string name(ref.at("$ref").as_string());
    name = name.substr(name.rfind('/') + 1);
    return doc_.at("components").at("schemas").at(name).as_object();
  }
  std::set<std::string> Keys(const json::value& v) {
    std::set<std::string> out;
    for (const auto& [k, unused] : v.as_object()) out.insert(std::string(k));
    return out;
  }
  std::set<std::string> Strings(const json::value& v) {
    std::set<std::string> out;
    for (const auto& s : v.as_array()) out.insert(std::string(s.as_string()));
    return out;
  }
  std::set<std::string> Params(const json::object& op) {
    std::set<std::string> out;
    if (!op.contains("parameters")) return out;
    for (const auto& p : op.at("parameters").as_array()) {
      out.insert(std::string(p.at("in").as_string()) + ":" +
                 std::string(p.at("name").as_string()));
    }
    return out;
  }
  json::value doc_;
};

TEST_F(OpenApiBodiesTest, ARawBodyIsDocumentedAsTextCsv) {
  const json::object& op = Op("/v1/courses/{id}/members:import", "post");
  const json::value& body = op.at("requestBody");
  EXPECT_TRUE(body.at("required").as_bool());
  EXPECT_EQ(Keys(body.at("content")), std::set<std::string>{"text/csv"});
  EXPECT_EQ(body.at("content").at("text/csv").at("schema").at("type"),
            "string");
  EXPECT_EQ(Params(op),
            (std::set<std::string>{"path:id", "query:validateOnly"}));
  for (const char* status : {"413", "415"}) {
    EXPECT_TRUE(op.at("responses").as_object().contains(status)) << status;
  }
}

TEST_F(OpenApiBodiesTest, AnErrorFieldsRouteDocumentsIts400AsItsAnswer) {
  const json::object& responses =
      Op("/v1/courses/{id}/members:import", "post").at("responses").as_object();
  const json::object& refusal = Schema(
      responses.at("400").at("content").at("application/json").at("schema"));
  EXPECT_EQ(Keys(refusal.at("properties")),
            (std::set<std::string>{"results", "created", "updated", "unchanged",
                                   "error"}));
  // The gateway's own 400s carry the error alone.
  EXPECT_EQ(Strings(refusal.at("required")), std::set<std::string>{"error"});
  EXPECT_EQ(refusal.at("properties").at("error").at("$ref"),
            "#/components/schemas/Error");
  const json::object& ok = Schema(
      responses.at("200").at("content").at("application/json").at("schema"));
  EXPECT_EQ(
      Keys(ok.at("properties")),
      (std::set<std::string>{"results", "created", "updated", "unchanged"}));
  EXPECT_EQ(
      Strings(ok.at("required")),
      (std::set<std::string>{"results", "created", "updated", "unchanged"}));
}

TEST_F(OpenApiBodiesTest, ACsvRouteAnswersJsonOrCsvAndTakesNoFlag) {
  const json::object& op = Op("/v1/courses/{id}/progress", "get");
  EXPECT_EQ(Params(op), std::set<std::string>{"path:id"});
  const json::value& ok = op.at("responses").at("200");
  EXPECT_EQ(Keys(ok.at("content")),
            (std::set<std::string>{"application/json", "text/csv"}));
  EXPECT_EQ(ok.at("content").at("text/csv").at("schema").at("type"), "string");
  const json::object& progress =
      Schema(ok.at("content").at("application/json").at("schema"));
  EXPECT_EQ(Keys(progress.at("properties")), std::set<std::string>{"rows"});
  EXPECT_TRUE(ok.at("headers").as_object().contains("Vary"));
  EXPECT_TRUE(doc_.at("components").at("headers").as_object().contains("Vary"));
}

TEST_F(OpenApiBodiesTest, OtherRoutesAreJsonOnly) {
  const json::object& op = Op("/v1/courses/{id}", "get");
  const json::value& ok = op.at("responses").at("200");
  EXPECT_EQ(Keys(ok.at("content")), std::set<std::string>{"application/json"});
  EXPECT_FALSE(ok.at("headers").as_object().contains("Vary"));
  const json::object& create = Op("/v1/courses", "post");
  EXPECT_EQ(Keys(create.at("requestBody").at("content")),
            std::set<std::string>{"application/json"});
}

}  // namespace
}  // namespace briefdesk::gateway
