// What the gateway accepts in a request, before any service sees it. Pure
// functions on the route's request message type; every refusal is
// INVALID_ARGUMENT naming the field as the client wrote it.
//
// - The JSON body is strict RFC 8259 JSON (Boost.JSON): UTF-8, no raw
//   control characters in strings, no trailing commas or extra data.
// - Its members are fields of the request message, but not those the path
//   or a header binds; enum values are names, never numbers, and never the
//   *_UNSPECIFIED value.
// - Every string of the finished request (body, query and path) is text as
//   libs/text defines it: valid UTF-8 with no control characters but tab
//   and newline. Nothing a client sends can smuggle a NUL into a service.
// - Fields marked (briefdesk.common.v1.field).required are given.
#ifndef BRIEFDESK_SERVICES_GATEWAY_REQUEST_CHECKS_H_
#define BRIEFDESK_SERVICES_GATEWAY_REQUEST_CHECKS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <boost/json/value.hpp>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

// `bound`: proto field names set from the path or a header, which the body
// may not carry. The parsed body is left in `parsed` when given.
absl::Status CheckJsonBody(std::string_view body,
                           const google::protobuf::Descriptor* request,
                           const std::set<std::string>& bound,
                           boost::json::value* parsed = nullptr);

// Every string field, at any depth, is acceptable text.
absl::Status CheckStrings(const google::protobuf::Message& m);

// Every required field of `m`, and of the messages it holds, is given.
absl::Status CheckRequired(const google::protobuf::Message& m);

// Path parameters are identifiers, slugs and numbers: one line of text,
// at most kMaxParamBytes; an error names the parameter as the path does
// and never echoes a long value.
inline constexpr size_t kMaxParamBytes = 256;
absl::Status CheckPathParams(const RouteTable::Found& found);

// Whether a Content-Type names JSON: the media type application/json
// exactly (any case), with at most a charset parameter of utf-8.
bool IsJsonMediaType(std::string_view content_type);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_REQUEST_CHECKS_H_
