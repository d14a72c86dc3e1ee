// How protobuf 3.21's JSON printer treats each field of a message type,
// worked out once per type for PrintJson (json_printer.h).
#ifndef BRIEFDESK_SERVICES_GATEWAY_JSON_LAYOUT_H_
#define BRIEFDESK_SERVICES_GATEWAY_JSON_LAYOUT_H_

#include <google/protobuf/descriptor.h>

#include <vector>

namespace briefdesk::gateway::json {

// Types protobuf's printer renders by hand (protostream_objectsource.cc).
// Timestamp, Duration and the wrappers print as one value; the rest we leave
// to MessageToJsonString.
enum class Special { kNone, kTimestamp, kDuration, kWrapper, kUnsupported };

// How a field takes part when always_print_primitive_fields is set, after
// protobuf's DefaultValueObjectWriter: it lays out placeholders for the
// declared fields first (defaults for scalars, [] and {} for repeated fields
// and maps, hidden placeholders for messages), skipping oneof members and
// proto3 optionals that are scalars. A value that arrives with no
// placeholder of its kind is appended after them: the set oneof and optional
// scalars, and Timestamp, Duration and wrapper fields (written as one value,
// they do not match their message placeholder).
enum class Slot { kRepeated, kScalar, kMessage, kAppended };

struct FieldPlan {
  const google::protobuf::FieldDescriptor* field;
  Slot slot;
};

// What the walk needs of a message type.
struct Layout {
  Special special = Special::kNone;
  std::vector<FieldPlan> declared;  // declaration order
  // Wire order, the order protobuf prints in: it re-reads the serialized
  // message, and generated code writes fields by number.
  std::vector<FieldPlan> by_number;
};

// Cached per thread for generated types, so the hot path takes no lock.
// Types of other pools may die and their addresses come back, so
// ForgetOtherPools() drops what is known of them.
const Layout& LayoutOf(const google::protobuf::Descriptor* d);
void ForgetOtherPools();

}  // namespace briefdesk::gateway::json

#endif  // BRIEFDESK_SERVICES_GATEWAY_JSON_LAYOUT_H_
