#include "services/notification/webhook_url.h"

#include <gtest/gtest.h>

#include <set>

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

// Who may reach an address: nobody, a policy allowing loopback, one
// allowing private ranges, or everybody.
enum class Who { kNobody, kLoopback, kPrivate, kEverybody };

struct AddressCase {
  std::string_view row;  // the table row the address is in or next to
  std::string ip;
  Who who;
};

// Each row by a member, and by a neighbour just outside where one is
// public; then the addresses the review named.
const AddressCase kAddressCases[] = {
    {"0.0.0.0/8", "0.255.255.255", Who::kNobody},
    {"0.0.0.0/8", "1.0.0.0", Who::kEverybody},
    {"0.0.0.0/32", "0.0.0.0", Who::kNobody},
    {"10.0.0.0/8", "10.0.0.0", Who::kPrivate},
    {"10.0.0.0/8", "10.255.255.255", Who::kPrivate},
    {"10.0.0.0/8", "9.255.255.255", Who::kEverybody},
    {"10.0.0.0/8", "11.0.0.0", Who::kEverybody},
    {"100.64.0.0/10", "100.64.0.1", Who::kPrivate},
    {"100.64.0.0/10", "100.127.255.255", Who::kPrivate},
    {"100.64.0.0/10", "100.63.255.255", Who::kEverybody},
    {"100.64.0.0/10", "100.128.0.0", Who::kEverybody},
    {"127.0.0.0/8", "127.0.0.1", Who::kLoopback},
    {"127.0.0.0/8", "127.255.255.254", Who::kLoopback},
    {"127.0.0.0/8", "126.255.255.255", Who::kEverybody},
    {"127.0.0.0/8", "128.0.0.0", Who::kEverybody},
    {"169.254.0.0/16", "169.254.169.254", Who::kPrivate},
    {"169.254.0.0/16", "169.253.255.255", Who::kEverybody},
    {"169.254.0.0/16", "169.255.0.0", Who::kEverybody},
    {"172.16.0.0/12", "172.16.0.1", Who::kPrivate},
    {"172.16.0.0/12", "172.31.255.255", Who::kPrivate},
    {"172.16.0.0/12", "172.15.255.255", Who::kEverybody},
    {"172.16.0.0/12", "172.32.0.0", Who::kEverybody},
    {"192.0.0.0/24", "192.0.0.200", Who::kNobody},
    {"192.0.0.0/24", "191.255.255.255", Who::kEverybody},
    {"192.0.0.0/24", "192.0.1.0", Who::kEverybody},
    {"192.0.0.0/29", "192.0.0.7", Who::kNobody},
    {"192.0.0.8/32", "192.0.0.8", Who::kNobody},
    {"192.0.0.9/32", "192.0.0.9", Who::kNobody},
    {"192.0.0.10/32", "192.0.0.10", Who::kNobody},
    {"192.0.0.170/32", "192.0.0.170", Who::kNobody},
    {"192.0.0.171/32", "192.0.0.171", Who::kNobody},
    {"192.0.2.0/24", "192.0.2.1", Who::kNobody},
    {"192.0.2.0/24", "192.0.3.0", Who::kEverybody},
    {"192.31.196.0/24", "192.31.196.1", Who::kNobody},
    {"192.31.196.0/24", "192.31.195.255", Who::kEverybody},
    {"192.31.196.0/24", "192.31.197.0", Who::kEverybody},
    {"192.52.193.0/24", "192.52.193.1", Who::kNobody},
    {"192.52.193.0/24", "192.52.192.255", Who::kEverybody},
    {"192.52.193.0/24", "192.52.194.0", Who::kEverybody},
    {"192.88.99.0/24", "192.88.99.1", Who::kNobody},
    {"192.88.99.0/24", "192.88.98.255", Who::kEverybody},
    {"192.88.99.0/24", "192.88.100.0", Who::kEverybody},
    {"192.88.99.2/32", "192.88.99.2", Who::kNobody},
    {"192.168.0.0/16", "192.168.1.1", Who::kPrivate},
    {"192.168.0.0/16", "192.167.255.255", Who::kEverybody},
    {"192.168.0.0/16", "192.169.0.0", Who::kEverybody},
    {"192.175.48.0/24", "192.175.48.1", Who::kNobody},
    {"192.175.48.0/24", "192.175.47.255", Who::kEverybody},
    {"192.175.48.0/24", "192.175.49.0", Who::kEverybody},
    {"198.18.0.0/15", "198.18.0.1", Who::kNobody},
    {"198.18.0.0/15", "198.19.255.255", Who::kNobody},
    {"198.18.0.0/15", "198.17.255.255", Who::kEverybody},
    {"198.18.0.0/15", "198.20.0.0", Who::kEverybody},
    {"198.51.100.0/24", "198.51.100.1", Who::kNobody},
    {"198.51.100.0/24", "198.51.101.0", Who::kEverybody},
    {"203.0.113.0/24", "203.0.113.1", Who::kNobody},
    {"203.0.113.0/24", "203.0.112.255", Who::kEverybody},
    {"224.0.0.0/4", "224.0.0.1", Who::kNobody},
    {"224.0.0.0/4", "239.255.255.255", Who::kNobody},
    {"224.0.0.0/4", "223.255.255.255", Who::kEverybody},
    {"240.0.0.0/4", "240.0.0.1", Who::kNobody},
    {"240.0.0.0/4", "255.255.255.254", Who::kNobody},
    {"255.255.255.255/32", "255.255.255.255", Who::kNobody},
    {"::/128", "::", Who::kNobody},
    {"::1/128", "::1", Who::kLoopback},
    {"::/96", "::127.0.0.1", Who::kLoopback},
    {"::/96", "::10.0.0.1", Who::kPrivate},
    {"::/96", "::8.8.8.8", Who::kEverybody},
    {"::/96", "::2", Who::kNobody},
    {"::ffff:0:0/96", "::ffff:127.0.0.1", Who::kLoopback},
    {"::ffff:0:0/96", "::ffff:169.254.169.254", Who::kPrivate},
    {"::ffff:0:0/96", "::ffff:198.18.0.1", Who::kNobody},
    {"::ffff:0:0/96", "::ffff:8.8.8.8", Who::kEverybody},
    {"::ffff:0:0/96", "::ffff:0:7f00:1", Who::kNobody},  // reserved space
    {"64:ff9b::/96", "64:ff9b::7f00:1", Who::kLoopback},
    {"64:ff9b::/96", "64:ff9b::a00:1", Who::kPrivate},
    {"64:ff9b::/96", "64:ff9b::c000:201", Who::kNobody},
    {"64:ff9b::/96", "64:ff9b::808:808", Who::kEverybody},
    {"64:ff9b:1::/48", "64:ff9b:1::808:808", Who::kNobody},
    {"100::/64", "100::1", Who::kNobody},
    {"100:0:0:1::/64", "100:0:0:1::1", Who::kNobody},
    {"2001::/23", "2001:1ff:ffff::1", Who::kNobody},
    {"2001::/23", "2001:200::1", Who::kEverybody},
    {"2001::/23", "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kEverybody},
    {"2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2", Who::kNobody},
    {"2001:1::1/128", "2001:1::1", Who::kNobody},
    {"2001:1::2/128", "2001:1::2", Who::kNobody},
    {"2001:1::3/128", "2001:1::3", Who::kNobody},
    {"2001:2::/48", "2001:2::1", Who::kNobody},
    {"2001:3::/32", "2001:3::1", Who::kNobody},
    {"2001:4:112::/48", "2001:4:112::1", Who::kNobody},
    {"2001:10::/28", "2001:10::1", Who::kNobody},
    {"2001:20::/28", "2001:20::1", Who::kNobody},
    {"2001:30::/28", "2001:30::1", Who::kNobody},
    {"2001:db8::/32", "2001:db8::1", Who::kNobody},
    {"2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
     Who::kEverybody},
    {"2001:db8::/32", "2001:db9::", Who::kEverybody},
    {"2002::/16", "2002:7f00:1::1", Who::kLoopback},
    {"2002::/16", "2002:a00:1::1", Who::kPrivate},
    {"2002::/16", "2002:c000:204::1", Who::kNobody},
    {"2002::/16", "2002:808:808::1", Who::kEverybody},
    {"2002::/16", "2003::1", Who::kEverybody},
    {"2620:4f:8000::/48", "2620:4f:8000::1", Who::kNobody},
    {"2620:4f:8000::/48", "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff",
     Who::kEverybody},
    {"2620:4f:8000::/48", "2620:4f:8001::", Who::kEverybody},
    {"3fff::/20", "3fff:fff::1", Who::kNobody},
    {"3fff::/20", "3fff:1000::", Who::kEverybody},
    {"3fff::/20", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kEverybody},
    {"5f00::/16", "5f00::1", Who::kNobody},
    {"fc00::/7", "fc00::1", Who::kPrivate},
    {"fc00::/7", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kPrivate},
    {"fe80::/10", "fe80::1", Who::kPrivate},
    {"fe80::/10", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kPrivate},
    {"fec0::/10", "fec0::1", Who::kPrivate},
    {"fec0::/10", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kPrivate},
    {"ff00::/8", "ff02::1", Who::kNobody},
    {"ff00::/8", "ff0e::1", Who::kNobody},
    // Public addresses, and IPv6 outside 2000::/3 that no row names.
    {"", "8.8.8.8", Who::kEverybody},
    {"", "93.184.216.34", Who::kEverybody},
    {"", "2606:4700::1111", Who::kEverybody},
    {"", "2000::1", Who::kEverybody},
    {"", "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kEverybody},
    {"", "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Who::kNobody},
    {"", "4000::1", Who::kNobody},
    {"", "not an address", Who::kNobody},
};

TEST(WebhookUrlTest, EveryRangeOfTheTable) {
  const AddressPolicy strict, loopback{.allow_loopback = true},
      private_{.allow_private = true};
  for (const AddressCase& c : kAddressCases) {
    EXPECT_EQ(AddressAllowed(c.ip, strict), c.who == Who::kEverybody)
        << c.ip << " (" << c.row << "), strict";
    EXPECT_EQ(AddressAllowed(c.ip, loopback),
              c.who == Who::kEverybody || c.who == Who::kLoopback)
        << c.ip << " (" << c.row << "), loopback allowed";
    EXPECT_EQ(AddressAllowed(c.ip, private_),
              c.who == Who::kEverybody || c.who == Who::kPrivate)
        << c.ip << " (" << c.row << "), private allowed";
  }
  EXPECT_FALSE(AddressAllowed("0.0.0.0", AddressPolicy{true, true}));
  EXPECT_FALSE(AddressAllowed("192.0.2.1", AddressPolicy{true, true}));
}

TEST(WebhookUrlTest, EveryRowHasItsCases) {
  std::set<std::string_view> tested;
  for (const AddressCase& c : kAddressCases) tested.insert(c.row);
  for (const SpecialRange& r : SpecialRanges()) {
    EXPECT_TRUE(tested.count(r.prefix)) << r.prefix << " (" << r.name << ")";
    EXPECT_FALSE(r.name.empty()) << r.prefix;
  }
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
