// The OpenAPI 3 document of the gateway, generated from the route table and
// the request and response messages' descriptors.
#ifndef BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_
#define BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_

#include <string>

#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

std::string OpenApiJson(const RouteTable& routes);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_OPENAPI_H_
