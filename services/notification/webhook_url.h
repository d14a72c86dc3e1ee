// Webhook URLs: what may be registered and where deliveries may go.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::notification {

struct WebhookUrl {
  bool https = false;
  // A DNS name in lower case, an IPv4 address, or an IPv6 address (without
  // its brackets).
  std::string host;
  uint16_t port = 0;   // 80 / 443 when the URL names none
  std::string target;  // path and query as Boost.URL normalises them, at
                       // least "/"
};

// Parsed by Boost.URL (RFC 3986): http or https; a host that is a name, an
// IPv4 address or an IPv6 address in brackets (not IPvFuture); no
// credentials, no fragment; port 1 to 65535; no spaces or control
// characters; at most 2048 characters. INVALID_ARGUMENT on field "url"
// otherwise.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// The Host header of a request to `url`: the host (bracketed when IPv6),
// with the port when it is not the scheme's default.
std::string HostHeader(const WebhookUrl& url);

struct AddressPolicy {
  bool allow_loopback = false;  // 127.0.0.0/8, ::1
  bool allow_private = false;   // private-use, shared (CGNAT), link-local,
                                // unique-local and site-local ranges
};

// Who may reach a special-purpose range.
enum class Reach {
  kNever,
  kIfLoopbackAllowed,  // AddressPolicy::allow_loopback
  kIfPrivateAllowed,   // AddressPolicy::allow_private
  kAsEmbeddedIpv4,     // judged by the IPv4 address the IPv6 one embeds
};

struct SpecialRange {
  std::string_view prefix;  // "198.18.0.0/15", "64:ff9b::/96"
  std::string_view name;    // as its registry names it
  Reach reach;
};

// Every special-purpose range of the IANA IPv4 and IPv6 Special-Purpose
// Address Registries, with multicast, the deprecated IPv4-compatible and
// site-local IPv6 ranges, and broadcast. An address is judged by the most
// specific range holding it; an address in none is public (an IPv6 one
// only within 2000::/3, the rest of that space being reserved).
std::span<const SpecialRange> SpecialRanges();

// Whether one numeric address is allowed.
bool AddressAllowed(const std::string& ip, const AddressPolicy& policy);

// Resolves the host and returns its addresses when every one is allowed:
// INVALID_ARGUMENT when the host does not resolve or an address is in a
// refused range (checked at registration, and again at each delivery so a
// changed DNS answer cannot point a webhook inward).
absl::StatusOr<std::vector<std::string>> ResolveAllowed(
    const WebhookUrl& url, const AddressPolicy& policy);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_
