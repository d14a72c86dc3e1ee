// The pure HTTP pieces: conditional requests, framing, connection caps and
// CORS.
#include <gtest/gtest.h>

#include "services/gateway/conditional.h"
#include "services/gateway/connection_limits.h"
#include "services/gateway/cors.h"
#include "services/gateway/request_checks.h"
#include "services/gateway/request_framing.h"

namespace briefdesk::gateway {
namespace {

namespace http = boost::beast::http;

TEST(EntityTagsTest, ListsStarAndWeakTagsPerRfc9110) {
  auto star = ParseEntityTags(" * ", "If-Match");
  ASSERT_TRUE(star.ok());
  EXPECT_TRUE(star->any);
  auto list = ParseEntityTags(R"("1-1", W/"2-2",,"3-3")", "If-Match");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->strong, (std::vector<std::string>{"1-1", "3-3"}));
  EXPECT_EQ(list->weak, (std::vector<std::string>{"2-2"}));
  for (const char* bad :
       {"1-1", "\"open", "\"a\" \"b\"", "", "W/", "*, \"a\""}) {
    EXPECT_FALSE(ParseEntityTags(bad, "If-Match").ok()) << bad;
  }
}

TEST(EntityTagsTest, IfNoneMatchComparesWeakly) {
  auto tags = ParseEntityTags(R"(W/"3-4", "9-9")", "If-None-Match");
  ASSERT_TRUE(tags.ok());
  EXPECT_TRUE(NoneMatch(*tags, "\"3-4\""));
  EXPECT_TRUE(NoneMatch(*tags, "W/\"9-9\""));
  EXPECT_FALSE(NoneMatch(*tags, "\"3-5\""));
  EXPECT_TRUE(NoneMatch(*ParseEntityTags("*", "If-None-Match"), "\"x\""));
}

http::request_header<> Header(int version) {
  http::request_header<> h;
  h.version(version);
  h.method(http::verb::post);
  h.target("/v1/briefs");
  return h;
}

TEST(FramingTest, ObsoleteLineFoldingIsRefused) {
  EXPECT_FALSE(CheckRawHeader("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(CheckRawHeader("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto folded =
      CheckRawHeader("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n");
  ASSERT_TRUE(folded);
  EXPECT_EQ(folded->status, 400);
  EXPECT_TRUE(CheckRawHeader("GET / HTTP/1.1\r\n\tHost: x\r\n\r\n"));
}

TEST(FramingTest, HostMustBeThereOnceInHttp11) {
  auto h = Header(11);
  EXPECT_TRUE(CheckHeader(h));  // none
  h.insert(http::field::host, "a");
  EXPECT_FALSE(CheckHeader(h));
  h.insert(http::field::host, "b");
  EXPECT_TRUE(CheckHeader(h));            // two
  EXPECT_FALSE(CheckHeader(Header(10)));  // HTTP/1.0 may omit it
}

TEST(FramingTest, TransferEncodingMustBeChunkedAlone) {
  struct Case {
    const char* value;
    int status;  // 0: accepted
  } cases[] = {
      {"chunked", 0},    {"Chunked", 0},         {"chunked, identity", 400},
      {"identity", 400}, {"gzip, chunked", 501}, {"", 400}};
  for (const Case& c : cases) {
    auto h = Header(11);
    h.insert(http::field::host, "a");
    h.insert(http::field::transfer_encoding, c.value);
    auto bad = CheckHeader(h);
    EXPECT_EQ(bad ? bad->status : 0, c.status) << c.value;
  }
  auto old = Header(10);
  old.insert(http::field::transfer_encoding, "chunked");
  EXPECT_TRUE(CheckHeader(old));
}

TEST(MediaTypeTest, OnlyApplicationJsonExactly) {
  EXPECT_TRUE(IsJsonMediaType("application/json"));
  EXPECT_TRUE(IsJsonMediaType("Application/JSON; charset=UTF-8"));
  EXPECT_TRUE(IsJsonMediaType("application/json;charset=\"utf-8\""));
  EXPECT_FALSE(IsJsonMediaType(std::string_view()));  // no header at all
  for (const char* bad :
       {"application/jsonx", "application/json-seq", "text/json",
        "application/json; charset=latin1", "application/json; boundary=x", "",
        "application/x-www-form-urlencoded"}) {
    EXPECT_FALSE(IsJsonMediaType(bad)) << bad;
  }
}

TEST(ConnectionLimitsTest, CapsPerClientAndInAll) {
  auto limits = std::make_shared<ConnectionLimits>(3, 2);
  auto a1 = limits->Admit("10.0.0.1", [] {});
  auto a2 = limits->Admit("10.0.0.1", [] {});
  EXPECT_TRUE(a1 && a2);
  EXPECT_EQ(limits->Admit("10.0.0.1", [] {}), nullptr);  // per client
  auto b1 = limits->Admit("10.0.0.2", [] {});
  EXPECT_TRUE(b1);
  EXPECT_EQ(limits->Admit("10.0.0.3", [] {}), nullptr);  // in all, none idle
  a1.reset();
  EXPECT_EQ(limits->open(), 2u);
  EXPECT_TRUE(limits->Admit("10.0.0.3", [] {}));
}

TEST(ConnectionLimitsTest, AtTheCapTheLongestIdleIsShed) {
  auto limits = std::make_shared<ConnectionLimits>(2, 0);
  int shed_first = 0, shed_second = 0;
  auto first = limits->Admit("a", [&] { ++shed_first; });
  auto second = limits->Admit("a", [&] { ++shed_second; });
  first->SetIdle(true);
  second->SetIdle(true);
  auto third = limits->Admit("b", [] {});
  ASSERT_TRUE(third);
  EXPECT_EQ(shed_first, 1);  // the one idle longest
  EXPECT_EQ(shed_second, 0);
  // Until the shed one closes, it does not count against the cap again.
  second->SetIdle(false);
  EXPECT_EQ(limits->Admit("c", [] {}), nullptr);  // nobody idle
  first.reset();
  EXPECT_EQ(limits->open(), 2u);
}

TEST(CorsTest, OnlyListedOriginsGetHeaders) {
  std::string error;
  auto origins =
      ParseOrigins("https://app.example.org, http://localhost:5173", &error);
  ASSERT_TRUE(error.empty()) << error;
  CorsPolicy cors(origins);
  http::fields h;
  cors.Annotate("https://app.example.org", &h);
  EXPECT_EQ(h[http::field::access_control_allow_origin],
            "https://app.example.org");
  EXPECT_EQ(h[http::field::vary], "Origin");
  http::fields other;
  cors.Annotate("https://evil.example", &other);
  EXPECT_TRUE(other[http::field::access_control_allow_origin].empty());
  http::fields pre;
  EXPECT_TRUE(cors.Preflight("http://localhost:5173", {"GET", "PATCH"}, &pre));
  EXPECT_EQ(pre[http::field::access_control_allow_methods], "GET, PATCH");
  EXPECT_FALSE(cors.Preflight("https://evil.example", {"GET"}, &pre));
  http::fields off;
  CorsPolicy().Annotate("https://app.example.org", &off);
  EXPECT_TRUE(off[http::field::vary].empty());
  ParseOrigins("https://app.example.org/path", &error);
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace briefdesk::gateway
