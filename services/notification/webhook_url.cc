#include "services/notification/webhook_url.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cctype>
#include <cstring>

#include "libs/rpc/rpc.h"

namespace briefdesk::notification {

absl::StatusOr<WebhookUrl> ParseWebhookUrl(const std::string& url) {
  if (url.size() > 2048) return rpc::FieldError("url", "at most 2048 characters");
  WebhookUrl out;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.https = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return rpc::FieldError("url", "must start with http:// or https://");
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(c)) {
      return rpc::FieldError("url", "must not contain spaces");
    }
  }
  if (url.find('#') != std::string::npos) {
    return rpc::FieldError("url", "must not have a fragment");
  }
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (out.target[0] == '?') out.target = "/" + out.target;
  if (authority.find('@') != std::string::npos) {
    return rpc::FieldError("url", "must not carry credentials");
  }
  out.port = out.https ? "443" : "80";
  if (!authority.empty() && authority[0] == '[') {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string::npos) return rpc::FieldError("url", "bad IPv6 host");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return rpc::FieldError("url", "bad host");
      out.port = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) out.port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return rpc::FieldError("url", "has no host");
  int port = 0;
  for (char c : out.port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) port = -1;
  }
  if (port == 0) port = out.port.empty() ? -1 : std::stoi(out.port);
  if (port < 1 || port > 65535) return rpc::FieldError("url", "has a bad port");
  return out;
}

bool AddressAllowed(const std::string& ip, const AddressPolicy& policy) {
  in_addr v4;
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    uint32_t a = ntohl(v4.s_addr);
    auto in = [a](uint32_t net, int bits) {
      return (a >> (32 - bits)) == (net >> (32 - bits));
    };
    if (in(0x7F000000, 8)) return policy.allow_loopback;     // 127/8
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
  if (getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found) != 0) {
    return rpc::FieldError("url", "host " + url.host + " does not resolve");
  }
  std::vector<std::string> out;
  absl::Status refused;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char ip[INET6_ADDRSTRLEN] = {};
    const void* raw = a->ai_family == AF_INET
        ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
        : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
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
