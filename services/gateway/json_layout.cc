#include "services/gateway/json_layout.h"

#include <algorithm>
#include <unordered_map>

#include "briefdesk/common/v1/http.pb.h"

namespace briefdesk::gateway::json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

Special SpecialOf(const Descriptor* d) {
  const std::string& file = d->file()->name();
  if (file == "google/protobuf/timestamp.proto") return Special::kTimestamp;
  if (file == "google/protobuf/duration.proto") return Special::kDuration;
  if (file == "google/protobuf/wrappers.proto") return Special::kWrapper;
  if (file == "google/protobuf/any.proto" ||
      file == "google/protobuf/struct.proto" ||
      file == "google/protobuf/field_mask.proto") {
    return Special::kUnsupported;
  }
  return Special::kNone;
}

bool PrintsAsValue(const FieldDescriptor* f) {
  if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return true;
  Special s = SpecialOf(f->message_type());
  return s == Special::kTimestamp || s == Special::kDuration ||
         s == Special::kWrapper;
}

Slot SlotOf(const FieldDescriptor* f) {
  if (f->is_repeated()) return Slot::kRepeated;
  bool message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  if (PrintsAsValue(f) && (message || f->containing_oneof() != nullptr)) {
    return Slot::kAppended;
  }
  return message ? Slot::kMessage : Slot::kScalar;
}

// google.protobuf.NullValue prints as null, and as its name when unset:
// rare enough to leave to protobuf.
bool HasNullValue(const FieldDescriptor* f) {
  return f->enum_type() != nullptr &&
         f->enum_type()->full_name() == "google.protobuf.NullValue";
}

void Fill(const Descriptor* d, Layout* l) {
  l->special = SpecialOf(d);
  if (d->file()->syntax() != google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
    l->special = Special::kUnsupported;
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    // Between the gateway and a service only: never printed.
    if (f->options().GetExtension(common::v1::field).internal()) continue;
    if (HasNullValue(f)) l->special = Special::kUnsupported;
    l->declared.push_back({f, SlotOf(f)});
  }
  l->by_number = l->declared;
  std::sort(l->by_number.begin(), l->by_number.end(), [](auto& a, auto& b) {
    return a.field->number() < b.field->number();
  });
}

std::unordered_map<const Descriptor*, Layout>& Cache(bool generated) {
  thread_local std::unordered_map<const Descriptor*, Layout> generated_types;
  thread_local std::unordered_map<const Descriptor*, Layout> other_types;
  return generated ? generated_types : other_types;
}

}  // namespace

const Layout& LayoutOf(const Descriptor* d) {
  bool generated =
      d->file()->pool() == google::protobuf::DescriptorPool::generated_pool();
  auto [it, fresh] = Cache(generated).try_emplace(d);
  if (fresh) Fill(d, &it->second);
  return it->second;
}

void ForgetOtherPools() { Cache(false).clear(); }

}  // namespace briefdesk::gateway::json
