#include "services/notification/webhook_url.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

constexpr size_t kMaxUrlLength = 2048;

absl::Status Bad(std::string_view why) { return rpc::FieldError("url", why); }

// The host of a parsed URL as it is resolved and connected to.
absl::StatusOr<std::string> HostOf(const boost::urls::url& u) {
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      return u.host_ipv4_address().to_string();
    case boost::urls::host_type::ipv6:
      return u.host_ipv6_address().to_string();
    case boost::urls::host_type::name: {
      std::string name = absl::AsciiStrToLower(u.host_name());
      if (name.empty()) return Bad("has no host");
      for (char c : name) {
        if (!absl::ascii_isalnum(c) && c != '-' && c != '.' && c != '_') {
          return Bad(
              "has a bad host name: use letters, digits, '-' and '.' "
              "(international names in their xn-- form)");
        }
      }
      return name;
    }
    default:  // IPvFuture, or none at all
      return Bad(
          "must name a host: a DNS name, an IPv4 address or an IPv6 "
          "address in brackets");
  }
}

// 1 to 65535 from the digits the grammar allows. Boost.URL 1.81's
// port_number() wraps around above 65535 (99999 reads as 34463).
std::optional<uint16_t> PortNumber(std::string_view digits) {
  uint32_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint32_t>(c - '0');
    if (n > 65535) return std::nullopt;
  }
  if (n == 0) return std::nullopt;  // also when there are no digits
  return static_cast<uint16_t>(n);
}

// What Boost.URL accepted beyond http(s)://host[:port][/path][?query].
absl::Status CheckParts(const boost::urls::url& u) {
  if (u.scheme_id() != boost::urls::scheme::http &&
      u.scheme_id() != boost::urls::scheme::https) {
    return Bad("must start with http:// or https://");
  }
  if (!u.has_authority()) return Bad("has no host");
  if (u.has_userinfo()) return Bad("must not carry credentials");
  // Boost.URL 1.81 reads "http://1.2.3.4.5/" as host 1.2.3.4 and path
  // ".5/": after a host, a path that does not start with "/" is no path.
  if (!u.encoded_path().empty() && u.encoded_path().front() != '/') {
    return Bad("has a bad host or port");
  }
  if (u.has_port() && !PortNumber(u.port()).has_value()) {
    return Bad("has a bad port: use 1 to 65535");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  if (url.size() > kMaxUrlLength) return Bad("must be at most 2048 characters");
  for (unsigned char c : url) {
    if (c <= ' ' || c == 0x7F) {
      return Bad("must not contain spaces or control characters");
    }
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) {
    if (auto with_fragment = boost::urls::parse_uri(url);
        with_fragment && with_fragment->has_fragment()) {
      return Bad("must not have a fragment");
    }
    return Bad("is not an absolute URL like https://example.org/hook");
  }
  boost::urls::url u(*parsed);
  u.normalize();
  if (absl::Status s = CheckParts(u); !s.ok()) return s;
  auto host = HostOf(u);
  if (!host.ok()) return host.status();
  WebhookUrl out;
  out.https = u.scheme_id() == boost::urls::scheme::https;
  out.host = *std::move(host);
  out.port = u.has_port() ? *PortNumber(u.port()) : (out.https ? 443 : 80);
  out.target = std::string(u.encoded_target());
  if (out.target.empty() || out.target.front() != '/') {
    out.target.insert(0, "/");
  }
  return out;
}

std::string HostHeader(const WebhookUrl& url) {
  bool ipv6 = url.host.find(':') != std::string::npos;
  std::string out = ipv6 ? absl::StrCat("[", url.host, "]") : url.host;
  if (url.port != (url.https ? 443 : 80)) absl::StrAppend(&out, ":", url.port);
  return out;
}

namespace {

// The IANA IPv4 Special-Purpose Address Registry
// (iana-ipv4-special-registry) and the IANA IPv6 Special-Purpose Address
// Registry (iana-ipv6-special-registry), row by row, with what they leave
// out: multicast (the IANA multicast address space registries), and the
// deprecated IPv4-compatible (RFC 4291) and site-local (RFC 3879) IPv6
// ranges. Rows inside other rows are kept, so the table reads like the
// registries; the most specific row decides.
constexpr SpecialRange kSpecialRanges[] = {
    {"0.0.0.0/8", "\"This network\"", Reach::kNever},
    {"0.0.0.0/32", "\"This host on this network\"", Reach::kNever},
    {"10.0.0.0/8", "Private-Use", Reach::kIfPrivateAllowed},
    {"100.64.0.0/10", "Shared Address Space", Reach::kIfPrivateAllowed},
    {"127.0.0.0/8", "Loopback", Reach::kIfLoopbackAllowed},
    {"169.254.0.0/16", "Link Local", Reach::kIfPrivateAllowed},
    {"172.16.0.0/12", "Private-Use", Reach::kIfPrivateAllowed},
    {"192.0.0.0/24", "IETF Protocol Assignments", Reach::kNever},
    {"192.0.0.0/29", "IPv4 Service Continuity Prefix", Reach::kNever},
    {"192.0.0.8/32", "IPv4 dummy address", Reach::kNever},
    {"192.0.0.9/32", "Port Control Protocol Anycast", Reach::kNever},
    {"192.0.0.10/32", "Traversal Using Relays around NAT Anycast",
     Reach::kNever},
    {"192.0.0.170/32", "NAT64/DNS64 Discovery", Reach::kNever},
    {"192.0.0.171/32", "NAT64/DNS64 Discovery", Reach::kNever},
    {"192.0.2.0/24", "Documentation (TEST-NET-1)", Reach::kNever},
    {"192.31.196.0/24", "AS112-v4", Reach::kNever},
    {"192.52.193.0/24", "AMT", Reach::kNever},
    {"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", Reach::kNever},
    {"192.88.99.2/32", "6a44-relay anycast address", Reach::kNever},
    {"192.168.0.0/16", "Private-Use", Reach::kIfPrivateAllowed},
    {"192.175.48.0/24", "Direct Delegation AS112 Service", Reach::kNever},
    {"198.18.0.0/15", "Benchmarking", Reach::kNever},
    {"198.51.100.0/24", "Documentation (TEST-NET-2)", Reach::kNever},
    {"203.0.113.0/24", "Documentation (TEST-NET-3)", Reach::kNever},
    {"224.0.0.0/4", "Multicast", Reach::kNever},
    {"240.0.0.0/4", "Reserved", Reach::kNever},
    {"255.255.255.255/32", "Limited Broadcast", Reach::kNever},
    {"::/128", "Unspecified Address", Reach::kNever},
    {"::1/128", "Loopback Address", Reach::kIfLoopbackAllowed},
    {"::/96", "IPv4-compatible (deprecated)", Reach::kAsEmbeddedIpv4},
    {"::ffff:0:0/96", "IPv4-mapped Address", Reach::kAsEmbeddedIpv4},
    {"64:ff9b::/96", "IPv4-IPv6 Translat.", Reach::kAsEmbeddedIpv4},
    {"64:ff9b:1::/48", "IPv4-IPv6 Translat. (local use)", Reach::kNever},
    {"100::/64", "Discard-Only Address Block", Reach::kNever},
    {"100:0:0:1::/64", "Dummy IPv6 Prefix", Reach::kNever},
    {"2001::/23", "IETF Protocol Assignments", Reach::kNever},
    {"2001::/32", "TEREDO", Reach::kNever},
    {"2001:1::1/128", "Port Control Protocol Anycast", Reach::kNever},
    {"2001:1::2/128", "Traversal Using Relays around NAT Anycast",
     Reach::kNever},
    {"2001:1::3/128", "DNS-SD Service Registration Protocol Anycast",
     Reach::kNever},
    {"2001:2::/48", "Benchmarking", Reach::kNever},
    {"2001:3::/32", "AMT", Reach::kNever},
    {"2001:4:112::/48", "AS112-v6", Reach::kNever},
    {"2001:10::/28", "Deprecated (previously ORCHID)", Reach::kNever},
    {"2001:20::/28", "ORCHIDv2", Reach::kNever},
    {"2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix",
     Reach::kNever},
    {"2001:db8::/32", "Documentation", Reach::kNever},
    {"2002::/16", "6to4", Reach::kAsEmbeddedIpv4},
    {"2620:4f:8000::/48", "Direct Delegation AS112 Service", Reach::kNever},
    {"3fff::/20", "Documentation", Reach::kNever},
    {"5f00::/16", "Segment Routing (SRv6) SIDs", Reach::kNever},
    {"fc00::/7", "Unique-Local", Reach::kIfPrivateAllowed},
    {"fe80::/10", "Link-Local Unicast", Reach::kIfPrivateAllowed},
    {"fec0::/10", "Site-Local (deprecated)", Reach::kIfPrivateAllowed},
    {"ff00::/8", "Multicast", Reach::kNever},
};

struct Address {
  bool v6 = false;
  std::array<unsigned char, 16> bytes{};  // IPv4: the first four
};

std::optional<Address> ParseAddress(const std::string& text) {
  Address a;
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) return a;
  a.v6 = true;
  if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

struct Prefix {
  Address base;
  int bits = 0;
  const SpecialRange* range = nullptr;
};

// The table's prefixes, parsed once; a row that does not parse is a bug
// that must not pass silently.
const std::vector<Prefix>& Prefixes() {
  static const std::vector<Prefix> parsed = [] {
    std::vector<Prefix> out;
    for (const SpecialRange& r : kSpecialRanges) {
      std::string_view p = r.prefix;
      size_t slash = p.find('/');
      auto base = ParseAddress(std::string(p.substr(0, slash)));
      if (slash == std::string_view::npos || !base) std::abort();
      out.push_back(
          {*base, std::atoi(std::string(p.substr(slash + 1)).c_str()), &r});
    }
    return out;
  }();
  return parsed;
}

bool Contains(const Prefix& p, const Address& a) {
  if (p.base.v6 != a.v6) return false;
  int full = p.bits / 8, rest = p.bits % 8;
  if (std::memcmp(p.base.bytes.data(), a.bytes.data(), full) != 0) {
    return false;
  }
  if (rest == 0) return true;
  unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (p.base.bytes[full] & mask) == (a.bytes[full] & mask);
}

const Prefix* MostSpecific(const Address& a) {
  const Prefix* best = nullptr;
  for (const Prefix& p : Prefixes()) {
    if (Contains(p, a) && (best == nullptr || p.bits > best->bits)) best = &p;
  }
  return best;
}

bool Allowed(const Address& a, const AddressPolicy& policy) {
  const Prefix* p = MostSpecific(a);
  // Outside the table, IPv6 is public only in 2000::/3: the IANA IPv6
  // Address Space registry reserves the rest.
  if (p == nullptr) return !a.v6 || (a.bytes[0] & 0xE0) == 0x20;
  switch (p->range->reach) {
    case Reach::kIfLoopbackAllowed:
      return policy.allow_loopback;
    case Reach::kIfPrivateAllowed:
      return policy.allow_private;
    case Reach::kAsEmbeddedIpv4: {
      // The IPv4 address is the 32 bits after the prefix (RFC 4291, 6052,
      // 3056), and is judged as itself.
      Address v4;
      std::memcpy(v4.bytes.data(), a.bytes.data() + p->bits / 8, 4);
      return Allowed(v4, policy);
    }
    case Reach::kNever:
      break;
  }
  return false;
}

}  // namespace

std::span<const SpecialRange> SpecialRanges() { return kSpecialRanges; }

bool AddressAllowed(const std::string& ip, const AddressPolicy& policy) {
  auto a = ParseAddress(ip);
  return a.has_value() && Allowed(*a, policy);
}

absl::StatusOr<std::vector<std::string>> ResolveAllowed(
    const WebhookUrl& url, const AddressPolicy& policy) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints,
                  &found) != 0) {
    return rpc::FieldError("url", "host " + url.host + " does not resolve");
  }
  std::vector<std::string> out;
  absl::Status refused;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char ip[INET6_ADDRSTRLEN] = {};
    const void* raw =
        a->ai_family == AF_INET
            ? static_cast<const void*>(
                  &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    inet_ntop(a->ai_family, raw, ip, sizeof ip);
    if (!AddressAllowed(ip, policy)) {
      refused = rpc::FieldError(
          "url", std::string("resolves to ") + ip +
                     ", a loopback, private or special-purpose address, "
                     "where deliveries are not allowed");
      break;
    }
    out.push_back(ip);
  }
  freeaddrinfo(found);
  if (!refused.ok()) return refused;
  return out;
}

}  // namespace briefdesk::notification
