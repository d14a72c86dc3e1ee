#include "services/notification/webhook_url.h"

#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

TEST(WebhookUrlTest, ParsesWhatMayBeRegistered) {
  auto u = ParseWebhookUrl("https://hooks.example.org/briefdesk?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->https);
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/briefdesk?x=1");
  auto v = ParseWebhookUrl("http://127.0.0.1:8081");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->port, "8081");
  EXPECT_EQ(v->target, "/");
  auto w = ParseWebhookUrl("http://[::1]:9000/h");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->host, "::1");
}

TEST(WebhookUrlTest, RefusesBadSchemesCredentialsAndPorts) {
  for (std::string bad : {"ftp://example.org/", "javascript:alert(1)", "example.org",
                          "https://user:pw@example.org/", "https://token@example.org/",
                          "http://example.org:0/", "http://example.org:99999/",
                          "http://example.org:80a/", "http:///path", "http://a b/",
                          "http://example.org/#frag"}) {
    auto r = ParseWebhookUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(rpc::DetailsOf(r.status()).details(0).field(), "url");
  }
}

TEST(WebhookUrlTest, AddressRanges) {
  AddressPolicy strict;
  for (std::string ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                         "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1",
                         "fc00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"}) {
    EXPECT_FALSE(AddressAllowed(ip, strict)) << ip;
  }
  for (std::string ip : {"93.184.216.34", "2606:2800:220:1::1"}) {
    EXPECT_TRUE(AddressAllowed(ip, strict)) << ip;
  }
  AddressPolicy loopback{.allow_loopback = true};
  EXPECT_TRUE(AddressAllowed("127.0.0.1", loopback));
  EXPECT_TRUE(AddressAllowed("::1", loopback));
  EXPECT_FALSE(AddressAllowed("10.0.0.1", loopback));
  EXPECT_FALSE(AddressAllowed("0.0.0.0", AddressPolicy{true, true}));
}

TEST(WebhookUrlTest, ResolvesAndAppliesThePolicy) {
  auto local = ParseWebhookUrl("http://127.0.0.1:9/");
  ASSERT_TRUE(local.ok());
  EXPECT_FALSE(ResolveAllowed(*local, {}).ok());
  EXPECT_TRUE(ResolveAllowed(*local, {.allow_loopback = true}).ok());
  auto nowhere = ParseWebhookUrl("http://no-such-host.invalid/");
  ASSERT_TRUE(nowhere.ok());
  auto r = ResolveAllowed(*nowhere, {.allow_loopback = true});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("does not resolve"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::notification
