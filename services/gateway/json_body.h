// A request's JSON body into its message without a second parse: the body
// that CheckJsonBody parsed (and checked against the message's fields) is
// walked once with reflection. Only the shapes the API's requests use take
// this path; for anything else FillFromJson says no and the caller parses
// the text with protobuf's own JSON parser, whose result and error messages
// stay the reference (json_body_test.cc holds the two to the same message).
#ifndef BRIEFDESK_SERVICES_GATEWAY_JSON_BODY_H_
#define BRIEFDESK_SERVICES_GATEWAY_JSON_BODY_H_

#include <google/protobuf/message.h>

#include <boost/json/object.hpp>

namespace briefdesk::gateway {

// Fills the empty `out` from `body`; false, with `out` in any state, when
// the body holds a value this fast path leaves to protobuf's parser
// (numbers as strings, enums as numbers, nulls, maps, bytes, well-known
// types, a second member of a oneof).
bool FillFromJson(const boost::json::object& body,
                  google::protobuf::Message* out);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_JSON_BODY_H_
