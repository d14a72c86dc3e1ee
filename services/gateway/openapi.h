// The OpenAPI 3 document of the gateway, generated from the route table and
// the request and response messages' descriptors: every operation with its
// parameters, bodies, success and error answers and their headers.
#ifndef BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_
#define BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_

#include <string>

#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

// `server_url`: the public address (BRIEFDESK_PUBLIC_URL); "/" when empty.
std::string OpenApiJson(const RouteTable& routes,
                        const std::string& server_url = "");

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_
