// Webhook URLs: what may be registered and where deliveries may go.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::notification {

struct WebhookUrl {
  bool https = false;
  std::string host;
  std::string port;    // "80" / "443" when the URL names none
  std::string target;  // path and query, at least "/"
};

// http or https, a host, no credentials, no fragment; INVALID_ARGUMENT on
// field "url" otherwise.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(const std::string& url);

struct AddressPolicy {
  bool allow_loopback = false;  // 127.0.0.0/8, ::1
  bool allow_private = false;   // 10/8, 172.16/12, 192.168/16, fc00::/7,
                                // 100.64/10 and link-local
};

// Resolves the host and returns its addresses when every one is allowed:
// INVALID_ARGUMENT when the host does not resolve or an address is in a
// refused range (checked at registration, and again at each delivery so a
// changed DNS answer cannot point a webhook inward).
absl::StatusOr<std::vector<std::string>> ResolveAllowed(
    const WebhookUrl& url, const AddressPolicy& policy);

// Whether one numeric address is allowed.
bool AddressAllowed(const std::string& ip, const AddressPolicy& policy);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_WEBHOOK_URL_H_
