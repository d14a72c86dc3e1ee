// One request in flight through the Gateway; shared by its .cc files.
#ifndef BRIEFDESK_SERVICES_GATEWAY_GATEWAY_CALL_H_
#define BRIEFDESK_SERVICES_GATEWAY_GATEWAY_CALL_H_

#include <string>
#include <string_view>

#include "services/gateway/gateway.h"

namespace briefdesk::gateway {

// A request header's value, or "" (the gateway's .cc files share it).
template <typename Name>
std::string_view Header(const Request& req, Name name) {
  auto it = req.find(name);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

struct Gateway::Call {
  Request req;
  Gateway::Done done;
  std::string request_id;
  std::string peer;              // the client's address, "" when unknown
  std::string_view path, query;  // percent-encoded views into req.target()
  bool head = false;             // HEAD: the GET route's headers, no body
  bool csv = false;  // a CSV route, asked for text/csv (media_types.h)
  RouteTable::Found found;
  directory::v1::Principal principal;
  std::string key;  // the API key's (or session token's) hash, once known
  RateLimiter::Quota quota;  // the key's rate limit after this request
  Clock::time_point start = Clock::now();
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_GATEWAY_CALL_H_
