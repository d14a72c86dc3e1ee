// A route that also answers in CSV (GET /v1/courses/{id}/progress): the
// Accept header decides, the service is told through the request's flag,
// and the two answers differ in body, Content-Type and nothing a cache
// could confuse (Vary: Accept).
#include <gtest/gtest.h>

#include "briefdesk/courses/v1/courses.pb.h"
#include "services/gateway/gateway_fixture.h"

namespace briefdesk::gateway {
namespace {

using courses::v1::GetProgressRequest;
using courses::v1::Progress;

constexpr char kProgress[] = "/v1/courses/c1/progress";
constexpr char kCsvText[] =
    "\xEF\xBB\xBFuser_id,name,module,status\r\nu1,Zo\xC3\xAB,1,ON_TIME\r\n";

Progress SomeProgress() {
  Progress p;
  auto* row = p.add_rows();
  row->set_user_id("u1");
  row->set_display_name("Zoë");
  row->add_modules()->set_number(1);
  p.set_csv(kCsvText);
  return p;
}

class CsvRouteTest : public GatewayTest {
 protected:
  CsvRouteTest() { backends.Answer(SomeProgress()); }

  // GET with this Accept ("": none); whether the service was asked for CSV.
  Answered Get(std::string accept, std::string target = kProgress) {
    return Send(http::verb::get, std::move(target), "",
                {{"Accept", std::move(accept)}});
  }
  bool AskedCsv() {
    return Asked<GetProgressRequest>(backends.sent.size() - 1).as_csv();
  }
};

TEST_F(CsvRouteTest, AcceptTextCsvGetsTheServicesCsvAsIs) {
  Answered a = Get("text/csv");
  ASSERT_EQ(a.status(), 200) << a.res.body();
  EXPECT_TRUE(AskedCsv());
  EXPECT_EQ(Asked<GetProgressRequest>().course_id(), "c1");
  EXPECT_EQ(a.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(a.res.body(), kCsvText);
  EXPECT_EQ(a.header("Content-Length"), std::to_string(sizeof kCsvText - 1));
  EXPECT_EQ(a.header("Vary"), "Accept");
}

TEST_F(CsvRouteTest, JsonIsTheDefaultAndLeavesTheCsvOut) {
  for (const char* accept : {"", "*/*", "application/json", "text/*, */*",
                             "text/html", "application/*"}) {
    Answered a = Get(accept);
    ASSERT_EQ(a.status(), 200) << accept;
    EXPECT_FALSE(AskedCsv()) << accept;
    EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(a.header("Vary"), "Accept") << accept;
    EXPECT_FALSE(a.body().contains("csv")) << a.res.body();
    EXPECT_EQ(a.body().at("rows").at(0).at("displayName").as_string(), "Zoë");
  }
}

TEST_F(CsvRouteTest, QualityValuesDecide) {
  struct Case {
    const char* accept;
    bool csv;
  };
  for (const Case& c : std::vector<Case>{
           {"application/json;q=0.5, text/csv", true},
           {"text/csv;q=0.9, application/json;q=0.8", true},
           {"text/csv;q=0.8, application/json;q=0.9", false},
           {"text/csv;q=0.5, */*", false},  // JSON through */*, at 1
           {"text/csv, */*;q=0.1", true},   // the browser's "I'd rather"
           {"text/*, application/json;q=0.2", true},
           {"text/csv;q=0, */*", false},           // refused outright
           {"text/csv, application/json", false},  // a tie is JSON
           {"TEXT/CSV ; Q=1", true},
           {"text/csv;q=2, application/json;q=0.1", false},  // bad q: ignored
           {"text/csv;q=abc", false},
       }) {
    Answered a = Get(c.accept);
    ASSERT_EQ(a.status(), 200) << c.accept;
    EXPECT_EQ(AskedCsv(), c.csv) << c.accept;
    EXPECT_EQ(a.header("Content-Type")
                  .rfind(c.csv ? "text/csv" : "application/json", 0),
              0u)
        << c.accept;
  }
}

TEST_F(CsvRouteTest, TheFlagIsTheGatewaysToSetNotTheQuerys) {
  for (const char* query : {"?asCsv=true", "?as_csv=true", "?asCsv=false"}) {
    Answered a = Get("application/json", std::string(kProgress) + query);
    EXPECT_EQ(a.status(), 400) << query;
    EXPECT_EQ(a.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(a.header("Vary"), "Accept");
  }
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(CsvRouteTest, ErrorsStayJson) {
  backends.status = grpc::Status(grpc::StatusCode::NOT_FOUND, "no course c1");
  Answered a = Get("text/csv");
  EXPECT_EQ(a.status(), 404);
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(a.code(), "NOT_FOUND");
  EXPECT_EQ(a.header("Vary"), "Accept");
  Answered anonymous = Send(http::verb::get, kProgress, "",
                            {{"Accept", "text/csv"}, {"Authorization", ""}});
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_EQ(anonymous.code(), "UNAUTHENTICATED");
}

TEST_F(CsvRouteTest, HeadHasTheHeadersOfTheCsvGet) {
  Answered a = Send(http::verb::head, kProgress, "", {{"Accept", "text/csv"}});
  EXPECT_EQ(a.status(), 200);
  EXPECT_EQ(a.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(a.header("Content-Length"), std::to_string(sizeof kCsvText - 1));
  EXPECT_TRUE(a.res.body().empty());
}

TEST_F(CsvRouteTest, OtherRoutesDoNotVaryOnAccept) {
  backends.Answer(courses::v1::Course());
  Answered a =
      Send(http::verb::get, "/v1/courses/c1", "", {{"Accept", "text/csv"}});
  EXPECT_EQ(a.status(), 200);
  EXPECT_EQ(a.header("Vary"), "");
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
}

}  // namespace
}  // namespace briefdesk::gateway
