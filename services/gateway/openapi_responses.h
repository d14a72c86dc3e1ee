// The shared parts of the OpenAPI document: response headers and the error
// answers every route may give (components.headers, components.responses),
// and which of them a route gives.
#ifndef BRIEFDESK_SERVICES_GATEWAY_OPENAPI_RESPONSES_H_
#define BRIEFDESK_SERVICES_GATEWAY_OPENAPI_RESPONSES_H_

#include <boost/json.hpp>
#include <set>

#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

boost::json::object HeaderComponents();
boost::json::object ResponseComponents();

// {"$ref": "#/components/headers/<name>"}
boost::json::object HeaderRef(const char* name);

// The error statuses a route answers, from its declaration.
std::set<int> ErrorStatuses(const Route& r);

// responses[status] for each error status: refs to components.responses,
// and "default" for the unexpected (500, 504). `pages`: 400 and 404 are
// short HTML pages (the published briefs' routes).
void AddErrors(const std::set<int>& statuses, boost::json::object* responses,
               bool pages = false);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_OPENAPI_RESPONSES_H_
