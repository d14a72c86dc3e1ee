// The bodies of an RPC route in the OpenAPI document: its request body
// (JSON, or a raw_body route's text such as text/csv), which request
// fields are query parameters, its success content (JSON, and text/csv on
// a CSV route) and an error_field route's 400, whose body is the answer
// itself with the error beside the rest.
#ifndef BRIEFDESK_SERVICES_GATEWAY_OPENAPI_BODIES_H_
#define BRIEFDESK_SERVICES_GATEWAY_OPENAPI_BODIES_H_

#include <boost/json.hpp>
#include <set>
#include <string>

#include "services/gateway/openapi_schemas.h"
#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

// op["requestBody"] for a body "*" or raw_body route; `bound`: proto names
// of the fields the path binds.
void AddRequestBody(const Route& r, SchemaBuilder& schemas,
                    const std::set<std::string>& bound,
                    boost::json::object* op);

// Whether a request field not bound by the path is a query parameter: not
// on a body "*" route, and never the raw body or the CSV flag, which the
// gateway sets itself.
bool IsQueryParameter(const Route& r,
                      const google::protobuf::FieldDescriptor* f);

// The success answer's "content": the answer's JSON schema (without the
// CSV text of a CSV route, or the error of an error_field route), and
// text/csv on a CSV route.
boost::json::object SuccessContent(const Route& r, SchemaBuilder& schemas);

// On an error_field route, responses["400"]: the answer's schema, where
// only `error` is always there (the gateway's own 400s carry it alone).
void AddErrorFieldAnswer(const Route& r, SchemaBuilder& schemas,
                         boost::json::object* responses);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_OPENAPI_BODIES_H_
