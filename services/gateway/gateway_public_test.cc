// Public routes declared on RPCs (an invitation's acceptance, the one-click
// unsubscribe) reach their service without a key or a principal.
#include <gtest/gtest.h>

#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "services/gateway/gateway_fixture.h"

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

class PublicRouteTest : public GatewayTest {
 protected:
  // No Authorization header, as a mail reader or a browser sends it.
  Answered Anonymous(http::verb method, std::string target,
                     std::string body = "",
                     std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "";
    return Send(method, std::move(target), std::move(body), headers);
  }
};

TEST_F(PublicRouteTest, AcceptingAnInvitationNeedsNoKeyAndSendsNoPrincipal) {
  backends.Answer(Accepted());
  Answered a = Anonymous(http::verb::post, "/v1/invitations/tok-1:accept");
  ASSERT_EQ(a.status(), 200) << a.res.body();
  EXPECT_EQ(a.body().at("apiKey").as_string(), "bdk_secret-key");
  EXPECT_EQ(a.body().at("keyId").as_string(), "k9");
  EXPECT_EQ(a.body().at("user").at("id").as_string(), "u9");
  // No key's quota: the allowance of the client's address.
  EXPECT_EQ(a.header("RateLimit-Limit"), "30");
  ASSERT_EQ(backends.sent.size(), 1u);
  EXPECT_EQ(backends.sent[0].rpc, kAccept);
  EXPECT_FALSE(backends.sent[0].principal_sent);
  EXPECT_EQ(Asked<AcceptInvitationRequest>().token(), "tok-1");
  EXPECT_TRUE(backends.keys.empty());
}

TEST_F(PublicRouteTest, AKeySentToAPublicRouteIsNeitherCheckedNorPassed) {
  backends.Answer(Accepted());
  backends.auth = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "revoked");
  Answered a = Send(http::verb::post, "/v1/invitations/tok-1:accept");
  EXPECT_EQ(a.status(), 200) << a.res.body();
  EXPECT_TRUE(backends.keys.empty());
  ASSERT_EQ(backends.sent.size(), 1u);
  EXPECT_FALSE(backends.sent[0].principal_sent);
}

TEST_F(PublicRouteTest, AUsedInvitationIs404AsJsonOnTheApiRoute) {
  backends.status = grpc::Status(grpc::StatusCode::NOT_FOUND, "used");
  Answered a = Anonymous(http::verb::post, "/v1/invitations/tok-1:accept");
  EXPECT_EQ(a.status(), 404);
  EXPECT_EQ(a.code(), "NOT_FOUND");
}

TEST_F(PublicRouteTest, OneClickUnsubscribeTakesTheFormBodyOrNone) {
  notification::v1::UnsubscribeResponse done;
  done.set_kind("reviews");
  backends.Answer(done);
  // RFC 8058: the link's address, POSTed with this body.
  Answered a =
      Anonymous(http::verb::post, "/v1/email:unsubscribe?token=t0k%2Bx",
                "List-Unsubscribe=One-Click",
                {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(a.status(), 200) << a.res.body();
  EXPECT_EQ(a.body().at("kind").as_string(), "reviews");
  EXPECT_EQ(Asked<notification::v1::UnsubscribeRequest>().token(), "t0k+x");
  EXPECT_FALSE(backends.sent[0].principal_sent);
  Answered empty = Anonymous(http::verb::post, "/v1/email:unsubscribe?token=t");
  EXPECT_EQ(empty.status(), 200) << empty.res.body();
  Answered none = Anonymous(http::verb::post, "/v1/email:unsubscribe");
  EXPECT_EQ(none.status(), 400);  // the token is required
  EXPECT_EQ(backends.sent.size(), 2u);
}

}  // namespace
}  // namespace briefdesk::gateway
