#include "services/notification/webhook_url.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
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

bool AddressAllowed(const std::string& ip, const AddressPolicy& policy) {
  in_addr v4;
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    uint32_t a = ntohl(v4.s_addr);
    auto in = [a](uint32_t net, int bits) {
      return (a >> (32 - bits)) == (net >> (32 - bits));
    };
    if (in(0x7F000000, 8)) return policy.allow_loopback;  // 127/8
    if (in(0x00000000, 8) || in(0xE0000000, 4) || a == 0xFFFFFFFF) {
      return false;  // "this network", multicast, broadcast: never
    }
    if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||
        in(0x64400000, 10) || in(0xA9FE0000, 16)) {
      return policy.allow_private;  // private, CGNAT, link-local
    }
    return true;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1) return false;
  const unsigned char* b = v6.s6_addr;
  static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                              0, 0, 0, 0, 0, 0, 0, 1};
  if (std::memcmp(b, kLoopback, 16) == 0) return policy.allow_loopback;
  static const unsigned char kUnspecified[16] = {};
  if (std::memcmp(b, kUnspecified, 16) == 0 || b[0] == 0xFF) return false;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    char mapped[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, b + 12, mapped, sizeof mapped);
    return AddressAllowed(mapped, policy);
  }
  if ((b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)) {
    return policy.allow_private;  // unique local, link-local
  }
  return true;
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
                     ", a loopback or private address, where deliveries are "
                     "not allowed");
      break;
    }
    out.push_back(ip);
  }
  freeaddrinfo(found);
  if (!refused.ok()) return refused;
  return out;
}

}  // namespace briefdesk::notification
