// A raw_body route with an error_field (POST /v1/courses/{id}/members:import,
// a text/csv body): what the client may send, what the service is asked,
// and how an answer with its error set becomes a 400 that keeps the
// per-row results.
#include <gtest/gtest.h>

#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_fixture.h"

namespace briefdesk::gateway {
namespace {

using courses::v1::ImportMembersRequest;
using courses::v1::ImportMembersResponse;

constexpr char kImport[] = "/v1/courses/c1/members:import";
constexpr char kCsv[] =
    "name,email,role\r\nAda,ada@example.org,PARTICIPANT\r\n";

ImportMembersResponse Imported() {
  ImportMembersResponse r;
  auto* row = r.add_results();
  row->set_row(2);
  row->set_email("ada@example.org");
  row->set_outcome(courses::v1::CREATED);
  row->set_user_id("u9");
  r.set_created(1);
  return r;
}

class RawBodyTest : public GatewayTest {
 protected:
  Answered Import(std::string body, std::string content_type,
                  std::string target = kImport) {
    return Send(http::verb::post, std::move(target), std::move(body),
                {{"Content-Type", std::move(content_type)}});
  }
  std::string DetailField(const Answered& a) {
    boost::json::object body = a.body();
    const auto& details = body.at("error").at("details").as_array();
    return details.empty() ? ""
                           : std::string(details[0].at("field").as_string());
  }
};

TEST_F(RawBodyTest, TheCsvGoesToTheServiceAsSent) {
  backends.Answer(Imported());
  const std::string bom_csv = "\xEF\xBB\xBF" + std::string(kCsv);
  Answered a = Import(bom_csv, "text/csv; charset=utf-8");
  ASSERT_EQ(a.status(), 200) << a.res.body();
  ASSERT_EQ(backends.sent.size(), 1u);
  EXPECT_EQ(backends.sent[0].rpc,
            "/briefdesk.courses.v1.Courses/ImportMembers");
  auto req = Asked<ImportMembersRequest>();
  EXPECT_EQ(req.course_id(), "c1");
  EXPECT_EQ(req.csv(), bom_csv);  // BOM and CRLF kept, byte for byte
  EXPECT_FALSE(req.validate_only());
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(a.body().at("created").as_int64(), 1);
  EXPECT_EQ(a.body().at("results").as_array().size(), 1u);
  EXPECT_FALSE(a.body().contains("error"));  // unset: not in the answer
}

TEST_F(RawBodyTest, MediaTypeParametersAndCaseAreAccepted) {
  backends.Answer(Imported());
  for (const char* type :
       {"text/csv", "Text/CSV", "text/csv;charset=UTF-8",
        "text/csv; charset=\"utf-8\"", "text/csv; header=present"}) {
    EXPECT_EQ(Import(kCsv, type).status(), 200) << type;
  }
}

TEST_F(RawBodyTest, AnotherOrNoContentTypeIs415) {
  for (const char* type :
       {"application/json", "text/plain", "text/csv; charset=iso-8859-1",
        "text/csvx", "multipart/form-data; boundary=x", ""}) {
    Answered a = Import(kCsv, type);  // "": no Content-Type at all
    EXPECT_EQ(a.status(), 415) << type;
    EXPECT_EQ(a.code(), "INVALID_ARGUMENT") << type;
    EXPECT_NE(a.message().find("text/csv"), std::string::npos) << type;
  }
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(RawBodyTest, ABodyThatIsNotUtf8Is400OnTheCsvField) {
  for (std::string bad :
       {std::string("name,email\r\nAd\xE9,a@example.org\r\n"),  // Latin-1
        std::string("name\n\xC0\xAF\n"),                        // overlong
        std::string("name,email\r\nA\0da,a@example.org\r\n", 29)}) {
    Answered a = Import(bad, "text/csv");
    EXPECT_EQ(a.status(), 400) << bad;
    EXPECT_EQ(a.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(DetailField(a), "csv");
  }
  Answered latin1 = Import("name\nAd\xE9\n", "text/csv");
  EXPECT_NE(latin1.message().find("line 2"), std::string::npos)
      << latin1.message();
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(RawBodyTest, QueryAndPathBindTheOtherFields) {
  backends.Answer(Imported());
  Answered a =
      Import(kCsv, "text/csv", std::string(kImport) + "?validateOnly=true");
  ASSERT_EQ(a.status(), 200) << a.res.body();
  auto req = Asked<ImportMembersRequest>();
  EXPECT_TRUE(req.validate_only());
  EXPECT_EQ(req.course_id(), "c1");
  EXPECT_EQ(req.csv(), kCsv);
  // The file itself comes only in the body; a bad parameter is named.
  for (const char* query : {"?csv=x", "?validateOnly=yes", "?unknown=1"}) {
    Answered bad = Import(kCsv, "text/csv", std::string(kImport) + query);
    EXPECT_EQ(bad.status(), 400) << query;
  }
}

TEST_F(RawBodyTest, AnEmptyBodyIsAnEmptyFileForTheServiceToJudge) {
  backends.Answer(ImportMembersResponse());
  Answered a = Import("", "text/csv");
  EXPECT_EQ(a.status(), 200) << a.res.body();
  ASSERT_EQ(backends.sent.size(), 1u);
  EXPECT_EQ(Asked<ImportMembersRequest>().csv(), "");
  // Even empty, the body says what it is.
  EXPECT_EQ(Import("", "").status(), 415);
}

TEST_F(RawBodyTest, AnAnswerWithItsErrorSetIsThatErrorWithTheResults) {
  ImportMembersResponse r = Imported();
  auto* bad = r.add_results();
  bad->set_row(3);
  bad->set_email("nobody");
  bad->set_outcome(courses::v1::ERROR);
  bad->set_error("is not an e-mail address");
  bad->set_column("email");
  r.mutable_error()->set_code("INVALID_ARGUMENT");
  r.mutable_error()->set_message("1 row of 2 is wrong; nothing was applied");
  auto* detail = r.mutable_error()->add_details();
  detail->set_field("csv");
  detail->set_description("row 3: email is not an e-mail address");
  backends.Answer(r);
  Answered a = Import(kCsv, "text/csv");
  ASSERT_EQ(a.status(), 400) << a.res.body();
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(a.code(), "INVALID_ARGUMENT");
  EXPECT_EQ(a.message(), "1 row of 2 is wrong; nothing was applied");
  boost::json::object body = a.body();
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].at("outcome").as_string(), "ERROR");
  EXPECT_EQ(results[1].at("column").as_string(), "email");
  EXPECT_EQ(a.body().at("created").as_int64(), 1);
  EXPECT_EQ(a.body().at("error").at("details").at(0).at("field").as_string(),
            "csv");
}

TEST_F(RawBodyTest, TheErrorsStatusFollowsItsCode) {
  ImportMembersResponse r = Imported();
  r.mutable_error()->set_code("FAILED_PRECONDITION");
  r.mutable_error()->set_message("the course has ended");
  backends.Answer(r);
  Answered ended = Import(kCsv, "text/csv");
  EXPECT_EQ(ended.status(), 409);
  EXPECT_TRUE(ended.body().contains("results"));
  r.mutable_error()->set_code("PERMISSION_DENIED");
  backends.Answer(r);
  EXPECT_EQ(Import(kCsv, "text/csv").status(), 403);
  // A fault of the service's is answered, and logged, as any other: the
  // client is not shown its message.
  r.mutable_error()->set_code("INTERNAL");
  r.mutable_error()->set_message("database password is hunter2");
  backends.Answer(r);
  Answered fault = Import(kCsv, "text/csv");
  EXPECT_EQ(fault.status(), 500);
  EXPECT_EQ(fault.res.body().find("hunter2"), std::string::npos);
  EXPECT_FALSE(fault.body().contains("results"));
}

TEST_F(RawBodyTest, AServiceRefusalIsTheUsualError) {
  backends.status = grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "soon");
  Answered a = Import(kCsv, "text/csv");
  EXPECT_EQ(a.status(), 501);
  EXPECT_EQ(a.code(), "UNIMPLEMENTED");
}

}  // namespace
}  // namespace briefdesk::gateway
