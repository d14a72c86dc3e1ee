#include "services/gateway/openapi_schemas.h"

#include "briefdesk/common/v1/http.pb.h"

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// An answer always carries the field: proto3 JSON printed with every
// primitive field prints scalars, enums and lists even when empty.
bool AlwaysInAnswers(const FieldDescriptor* f) {
  if (f->is_repeated()) return true;
  if (!f->has_presence()) return true;
  return f->options().GetExtension(common::v1::field).always();
}

bool RequiredInRequests(const FieldDescriptor* f) {
  return f->options().GetExtension(common::v1::field).required();
}

}  // namespace

std::string SchemaBuilder::NameOf(const Descriptor* d, bool input) {
  std::string key = d->full_name() + (input ? "#input" : "");
  auto it = names_.find(key);
  if (it != names_.end()) return it->second;
  // Short names where they are unique ("Brief"), else the package's too.
  std::string name = d->name() + (input ? "Input" : "");
  if (taken_.count(name)) {
    name.clear();
    for (char c : d->full_name()) name += c == '.' ? '_' : c;
    if (input) name += "Input";
  }
  taken_.insert(name);
  names_[key] = name;
  return name;
}

json::object SchemaBuilder::Ref(const Descriptor* d, bool input) {
  std::string name = NameOf(d, input);
  if (done_.insert(name).second) {
    (*schemas_)[name] = Message(d, input, {});
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

json::object SchemaBuilder::Output(const Descriptor* d) {
  return Ref(d, false);
}

json::object SchemaBuilder::Body(const Descriptor* d, const std::string& name,
                                 const std::set<std::string>& skip) {
  if (done_.insert(name).second) {
    taken_.insert(name);
    (*schemas_)[name] = Message(d, true, skip);
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

json::object SchemaBuilder::Answer(const Descriptor* d, const std::string& name,
                                   const std::set<std::string>& skip,
                                   const std::set<std::string>* required) {
  if (done_.insert(name).second) {
    taken_.insert(name);
    (*schemas_)[name] = Message(d, false, skip, required);
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

json::object SchemaBuilder::Parameter(const FieldDescriptor* f) {
  return Field(f, true);
}

json::object SchemaBuilder::Message(const Descriptor* d, bool input,
                                    const std::set<std::string>& skip,
                                    const std::set<std::string>* always) {
  json::object props;
  json::array required;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (skip.count(f->name())) continue;
    // Between the gateway and a service only (a session's cookie token).
    if (f->options().GetExtension(common::v1::field).internal()) continue;
    props[f->json_name()] = Field(f, input);
    bool is_required = always != nullptr ? always->count(f->name()) > 0
                       : input           ? RequiredInRequests(f)
                                         : AlwaysInAnswers(f);
    if (is_required) {
      required.push_back(json::string(f->json_name()));
    }
  }
  json::object schema{{"type", "object"}, {"properties", props}};
  if (!required.empty()) schema["required"] = required;
  // The gateway refuses members a request message does not have.
  if (input) schema["additionalProperties"] = false;
  return schema;
}

json::object SchemaBuilder::Field(const FieldDescriptor* f, bool input) {
  json::object item = Scalar(f, input);
  if (!f->is_repeated()) return item;
  return {{"type", "array"}, {"items", item}};
}

json::object SchemaBuilder::Scalar(const FieldDescriptor* f, bool input) {
  switch (f->type()) {
    case FieldDescriptor::TYPE_STRING:
      return {{"type", "string"}};
    case FieldDescriptor::TYPE_BYTES:
      return {{"type", "string"}, {"format", "byte"}};
    case FieldDescriptor::TYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_UINT32:
      return {{"type", "integer"}, {"format", "int32"}};
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_UINT64:
      // proto3 JSON writes 64-bit integers as strings.
      return {{"type", "string"}, {"format", "int64"}};
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FLOAT:
      return {{"type", "number"}};
    case FieldDescriptor::TYPE_ENUM: {
      json::array values;
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        const auto* v = f->enum_type()->value(i);
        // Requests never take the unspecified value; answers may show it
        // for a field never set (a brief without a constituency).
        if (input && v->number() == 0) continue;
        values.push_back(json::string(v->name()));
      }
      return {{"type", "string"}, {"enum", values}};
    }
    default: {
      const Descriptor* m = f->message_type();
      if (m->full_name() == "google.protobuf.Timestamp") {
        return {{"type", "string"}, {"format", "date-time"}};
      }
      return Ref(m, input);
    }
  }
}

}  // namespace briefdesk::gateway
