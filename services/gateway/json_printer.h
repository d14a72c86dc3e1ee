// Protobuf messages to JSON without MessageToJsonString's round trip through
// the wire format and a TypeResolver: a walk over Descriptor and Reflection
// that appends to one string. The output is byte for byte what protobuf 3.21's
// MessageToJsonString gives with the same option (json_printer_test checks
// every message type in proto/briefdesk), because clients and the tests
// compare bodies.
#ifndef BRIEFDESK_SERVICES_GATEWAY_JSON_PRINTER_H_
#define BRIEFDESK_SERVICES_GATEWAY_JSON_PRINTER_H_

#include <google/protobuf/message.h>

#include <string>

namespace briefdesk::gateway {

// The message as MessageToJsonString prints it with
// always_print_primitive_fields as given (and no whitespace, json_name
// keys, enums by name). Messages with a part it does not print itself (Any,
// Struct, Value, ListValue, FieldMask, proto2, out-of-range Timestamp or
// Duration, nesting past protobuf's depth limit) go to MessageToJsonString.
// `omit`, a field of m's own type, is left out of the top-level object (a
// CSV route's CSV text, in its JSON answer).
std::string PrintJson(const google::protobuf::Message& m,
                      bool always_print_primitive_fields,
                      const google::protobuf::FieldDescriptor* omit = nullptr);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_JSON_PRINTER_H_
