#include "services/notification/webhook_url.h"

#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

TEST(WebhookUrlTest, ParsesWhatMayBeRegistered) {
  auto u = ParseWebhookUrl("https://hooks.example.org/briefdesk?x=1");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_TRUE(u->https);
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/briefdesk?x=1");
  EXPECT_EQ(HostHeader(*u), "hooks.example.org");
  auto v = ParseWebhookUrl("http://127.0.0.1:8081");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->port, 8081);
  EXPECT_EQ(v->target, "/");
  EXPECT_EQ(HostHeader(*v), "127.0.0.1:8081");
  auto w = ParseWebhookUrl("http://[::1]:9000/h");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->host, "::1");
  EXPECT_EQ(HostHeader(*w), "[::1]:9000");
  auto x = ParseWebhookUrl("http://example.org:65535?q");
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_EQ(x->port, 65535);
  EXPECT_EQ(x->target, "/?q");
}

TEST(WebhookUrlTest, NormalisesAsBoostUrlDoes) {
  auto u =
      ParseWebhookUrl("HTTP://Hooks.EXAMPLE.org:080/a/./b/../c%7e?k=%7E&x=%2f");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_FALSE(u->https);
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/a/c~?k=~&x=/");
  EXPECT_EQ(HostHeader(*u), "hooks.example.org");
  auto v = ParseWebhookUrl("https://[2606:4700:0:0::1111]/");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->host, "2606:4700::1111");
  EXPECT_EQ(HostHeader(*v), "[2606:4700::1111]");
}

std::string DescriptionOf(const std::string& url) {
  auto r = ParseWebhookUrl(url);
  if (r.ok()) return "accepted";
  auto details = rpc::DetailsOf(r.status());
  if (details.details_size() != 1 || details.details(0).field() != "url" ||
      r.status().code() != absl::StatusCode::kInvalidArgument) {
    return "not a field error on url: " + r.status().ToString();
  }
  return details.details(0).description();
}

TEST(WebhookUrlTest, RefusesWhatMayNotBeRegistered) {
  struct Case {
    std::string url, says;
  };
  const Case cases[] = {
      {"ftp://example.org/", "http:// or https://"},
      {"javascript:alert(1)", "http:// or https://"},
      {"example.org", "absolute URL"},
      {"https://user:pw@example.org/", "credentials"},
      {"https://token@example.org/", "credentials"},
      {"https://@example.org/", "credentials"},
      {"http://example.org:0/", "has a bad port"},
      {"http://example.org:65536/", "has a bad port"},
      {"http://example.org:99999/", "has a bad port"},  // 34463 to Boost.URL
      {"http://example.org:165535/", "has a bad port"},
      // std::stoi threw on this one: 500 instead of 400.
      {"http://example.org:99999999999/", "has a bad port"},
      {"http://example.org:99999999999999999999999999/", "has a bad port"},
      {"http://example.org:/", "has a bad port"},
      {"http://example.org:80a/", "has a bad host or port"},
      {"http://example.org:-1/", "has a bad host or port"},
      {"http:///path", "has no host"},
      {"http:example.org", "has no host"},
      {"http://[v1.fe80::1]/", "must name a host"},
      {"http://[fe80::1%25eth0]/", "absolute URL"},
      {"http://1.2.3.4.5/", "bad host"},
      {"http://127.0.0.1.nip.io/", "bad host"},
      {"http://ex%00ample.org/", "bad host name"},
      {"http://b%C3%BCcher.example/", "bad host name"},
      {"http://a b/", "spaces"},
      {"http://example.org/a b", "spaces"},
      {"http://example.org/\t", "spaces"},
      {"http://example.org/\r\nX-Injected: 1", "spaces"},
      {std::string("http://example.org/\0", 20), "spaces"},
      {"http://example.org/\x7f", "spaces"},
      {"http://example.org/b\xC3\xBC", "absolute URL"},
      {"http://example.org/#frag", "fragment"},
      {"http://example.org/#", "fragment"},
      {"http://example.org/%zz", "absolute URL"},
      {"http://example.org/" + std::string(2030, 'a'), "at most 2048"},
  };
  for (const Case& c : cases) {
    std::string said = DescriptionOf(c.url);
    EXPECT_NE(said.find(c.says), std::string::npos) << c.url << " -> " << said;
  }
  std::string longest = "http://example.org/";
  longest += std::string(2048 - longest.size(), 'a');
  EXPECT_EQ(DescriptionOf(longest), "accepted");
}

TEST(WebhookUrlTest, AddressRanges) {
  AddressPolicy strict;
  for (std::string ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "::1", "fc00::1", "fe80::1",
        "::ffff:127.0.0.1", "224.0.0.1"}) {
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
  // A host name that the resolver reads as a number is judged by it.
  auto numeric = ParseWebhookUrl("http://2130706433/");
  ASSERT_TRUE(numeric.ok());
  EXPECT_FALSE(ResolveAllowed(*numeric, {}).ok());
  auto mapped = ParseWebhookUrl("http://[::ffff:127.0.0.1]:9/");
  ASSERT_TRUE(mapped.ok());
  EXPECT_FALSE(ResolveAllowed(*mapped, {}).ok());
  auto nowhere = ParseWebhookUrl("http://no-such-host.invalid/");
  ASSERT_TRUE(nowhere.ok());
  auto r = ResolveAllowed(*nowhere, {.allow_loopback = true});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("does not resolve"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::notification
