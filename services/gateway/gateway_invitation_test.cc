// The invitation page: its GET never takes the invitation up, its POST
// does, once, and refuses forms from other sites; every answer a page that
// nothing keeps.
#include <gtest/gtest.h>

#include "briefdesk/directory/v1/directory.pb.h"
#include "services/gateway/gateway_fixture.h"
#include "services/gateway/invitation_pages.h"

namespace briefdesk::gateway {
namespace {

using directory::v1::AcceptInvitationRequest;
using directory::v1::AcceptInvitationResponse;

constexpr char kAccept[] = "/briefdesk.directory.v1.Directory/AcceptInvitation";

AcceptInvitationResponse Accepted() {
  AcceptInvitationResponse a;
  a.mutable_user()->set_id("u9");
  a.mutable_user()->set_display_name("Ana <b>Pérez</b>");
  a.set_key_id("k9");
  a.set_api_key("bdk_secret-key");
  return a;
}

bool Has(const Answered& a, std::string_view text) {
  return a.res.body().find(text) != std::string::npos;
}

class InvitationPageTest : public GatewayTest {
 protected:
  // No Authorization header, as a mail reader or a browser sends it.
  Answered Anonymous(http::verb method, std::string target,
                     std::string body = "",
                     std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "";
    return Send(method, std::move(target), std::move(body), headers);
  }

  void ExpectPageHeaders(const Answered& a) {
    EXPECT_EQ(a.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(a.header("Cache-Control"), "no-store");
    EXPECT_EQ(a.header("Referrer-Policy"), "no-referrer");
    EXPECT_NE(a.header("Content-Security-Policy").find("default-src 'none'"),
              std::string::npos);
    EXPECT_FALSE(Has(a, "<script"));
  }
};

TEST_F(InvitationPageTest, TheInvitationPageOffersAButtonAndTakesNothingUp) {
  Answered a = Anonymous(http::verb::get, "/invitations/tok-1");
  ASSERT_EQ(a.status(), 200) << a.res.body();
  ExpectPageHeaders(a);
  EXPECT_TRUE(Has(a, R"(<form method="post" action="/invitations/tok-1">)"));
  EXPECT_TRUE(Has(a, "Get my API key"));
  EXPECT_TRUE(Has(a, "invited you to BriefDesk"));
  EXPECT_TRUE(backends.sent.empty());
  Answered head = Anonymous(http::verb::head, "/invitations/tok-1");
  EXPECT_EQ(head.status(), 200);
  EXPECT_TRUE(backends.sent.empty());
}

TEST_F(InvitationPageTest, TheButtonTakesTheInvitationUpOnceAndShowsTheKey) {
  backends.Answer(Accepted());
  Answered a =
      Anonymous(http::verb::post, "/invitations/tok-1", "",
                {{"Sec-Fetch-Site", "same-origin"},
                 {"Origin", "null"},  // what no-referrer makes
                 {"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(a.status(), 200) << a.res.body();
  ExpectPageHeaders(a);
  EXPECT_TRUE(Has(a, "<code>bdk_secret-key</code>"));
  EXPECT_TRUE(Has(a, "Authorization: Bearer bdk_secret-key"));
  EXPECT_TRUE(Has(a, "http://localhost/v1"));
  EXPECT_TRUE(Has(a, "only time the key is shown"));
  EXPECT_TRUE(Has(a, "Ana &lt;b&gt;Pérez&lt;/b&gt;"));
  ASSERT_EQ(backends.sent.size(), 1u);
  EXPECT_EQ(backends.sent[0].rpc, kAccept);
  EXPECT_FALSE(backends.sent[0].principal_sent);
  EXPECT_EQ(Asked<AcceptInvitationRequest>().token(), "tok-1");
}

TEST_F(InvitationPageTest, AUsedLinkAndADownDirectoryArePages) {
  backends.status = grpc::Status(grpc::StatusCode::NOT_FOUND, "used");
  Answered used = Anonymous(http::verb::post, "/invitations/tok-1");
  EXPECT_EQ(used.status(), 404);
  ExpectPageHeaders(used);
  EXPECT_TRUE(Has(used, "This invitation link no longer works"));
  EXPECT_TRUE(Has(used, "send you the invitation again"));
  backends.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  Answered down = Anonymous(http::verb::post, "/invitations/tok-1");
  EXPECT_EQ(down.status(), 503);
  ExpectPageHeaders(down);
  EXPECT_EQ(down.header("Retry-After"), "1");
  EXPECT_TRUE(Has(down, "not available right now"));
  EXPECT_EQ(backends.sent.size(), 2u);
}

TEST_F(InvitationPageTest, AFormFromAnotherSiteIsRefused) {
  backends.Answer(Accepted());
  for (std::map<std::string, std::string> from :
       {std::map<std::string, std::string>{{"Sec-Fetch-Site", "cross-site"}},
        {{"Sec-Fetch-Site", "same-site"}},
        {{"Origin", "https://evil.example"}, {"Host", "briefdesk.example"}},
        {{"Origin", "null"}, {"Host", "briefdesk.example"}}}) {
    Answered a = Anonymous(http::verb::post, "/invitations/tok-1", "", from);
    EXPECT_EQ(a.status(), 403) << from.begin()->second;
    ExpectPageHeaders(a);
    EXPECT_TRUE(Has(a, "Get my API key"));  // says where to press
  }
  EXPECT_TRUE(backends.sent.empty());
  // The page's own origin, by Host, passes.
  Answered own = Anonymous(
      http::verb::post, "/invitations/tok-1", "",
      {{"Origin", "https://briefdesk.example"}, {"Host", "briefdesk.example"}});
  EXPECT_EQ(own.status(), 200) << own.res.body();
  EXPECT_EQ(backends.sent.size(), 1u);
}

TEST(FromOwnPageTest, FetchMetadataFirstThenOriginAgainstHostOrPublicUrl) {
  EXPECT_TRUE(FromOwnPage("same-origin", "null", "h", ""));
  EXPECT_TRUE(FromOwnPage("none", "", "h", ""));
  EXPECT_FALSE(FromOwnPage("cross-site", "https://h", "h", ""));
  EXPECT_TRUE(FromOwnPage("", "", "h", ""));  // not a browser's form
  EXPECT_TRUE(FromOwnPage("", "https://H:443", "h", ""));
  EXPECT_TRUE(FromOwnPage("", "http://h:8080", "h:8080", ""));
  EXPECT_FALSE(FromOwnPage("", "http://h:8081", "h:8080", ""));
  // Behind a proxy that rewrites Host: BRIEFDESK_PUBLIC_URL's origin.
  EXPECT_TRUE(FromOwnPage("", "https://briefs.example.org", "gateway:8080",
                          "https://briefs.example.org/base"));
  EXPECT_FALSE(FromOwnPage("", "http://briefs.example.org", "gateway:8080",
                           "https://briefs.example.org"));
  EXPECT_FALSE(FromOwnPage("", "null", "h", "https://h"));
}

}  // namespace
}  // namespace briefdesk::gateway
