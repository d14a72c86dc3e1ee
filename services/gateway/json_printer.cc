#include "services/gateway/json_printer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <boost/json.hpp>

#include "services/gateway/json_layout.h"
#include "services/gateway/json_values.h"

namespace briefdesk::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using json::FieldPlan;
using json::Layout;
using json::LayoutOf;
using json::Slot;
using json::Special;

// ProtoStreamObjectSource's recursion limit.
constexpr int kMaxDepth = 64;

// A map key as protobuf writes it: the text of the key, always a string.
void MapKeyText(const Message& e, const FieldDescriptor* k, std::string* out) {
  const Reflection* r = e.GetReflection();
  out->clear();
  switch (k->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      *out = r->GetString(e, k);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      *out = r->GetBool(e, k) ? "true" : "false";
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      AppendNumber(r->GetInt32(e, k), out);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      AppendNumber(r->GetUInt32(e, k), out);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      AppendNumber(r->GetInt64(e, k), out);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      AppendNumber(r->GetUInt64(e, k), out);
      break;
    default:
      break;
  }
}

// Appends one message's JSON; every method returns false where the output
// would differ from protobuf's, and PrintJson then asks protobuf instead.
class Printer {
 public:
  Printer(bool always, const FieldDescriptor* omit, std::string* out)
      : always_(always), omit_(omit), out_(out) {}

  bool Object(const Message& m, const Layout& l);

 private:
  bool Fields(const Message& m, const Layout& l);
  bool Field(const Message& m, const FieldDescriptor* f);
  bool Map(const Message& m, const FieldDescriptor* f);
  bool Value(const Message& m, const FieldDescriptor* f, int index);
  bool MessageValue(const Message& m);
  bool Wrapper(const Message& m);
  void Default(const FieldDescriptor* f);
  void Enum(const FieldDescriptor* f, int number);
  void Key(std::string_view name);
  void Separator();

  // Whether the field is left out: `omit_`, at the top level only.
  bool Omitted(const FieldDescriptor* f) const {
    return f == omit_ && depth_ == 0;
  }

  const bool always_;
  const FieldDescriptor* const omit_;
  std::string* const out_;
  bool first_ = true;  // nothing yet in the innermost object or list
  int depth_ = 0;
};

void Printer::Separator() {
  if (!first_) out_->push_back(',');
  first_ = false;
}

void Printer::Key(std::string_view name) {
  Separator();
  AppendJsonString(name, out_);
  out_->push_back(':');
}

bool Printer::Object(const Message& m, const Layout& l) {
  bool outer_first = first_;
  first_ = true;
  out_->push_back('{');
  bool ok = Fields(m, l);
  out_->push_back('}');
  first_ = outer_first;
  return ok;
}

// Without always_print_primitive_fields protobuf prints what the wire holds,
// in field-number order; with it, the declared fields with their defaults,
// then the values that found no placeholder (json_layout.h, Slot).
bool Printer::Fields(const Message& m, const Layout& l) {
  const Reflection* r = m.GetReflection();
  if (!always_) {
    for (const FieldPlan& p : l.by_number) {
      if (Omitted(p.field)) continue;
      bool present = p.slot == Slot::kRepeated ? r->FieldSize(m, p.field) > 0
                                               : r->HasField(m, p.field);
      if (present && !Field(m, p.field)) return false;
    }
    return true;
  }
  for (const FieldPlan& p : l.declared) {
    if (Omitted(p.field)) continue;
    if (p.slot == Slot::kScalar) {
      Key(p.field->json_name());
      if (!r->HasField(m, p.field)) {
        Default(p.field);
      } else if (!Value(m, p.field, -1)) {
        return false;
      }
    } else if (p.slot == Slot::kRepeated ||
               (p.slot == Slot::kMessage && r->HasField(m, p.field))) {
      if (!Field(m, p.field)) return false;
    }
  }
  for (const FieldPlan& p : l.by_number) {
    if (p.slot == Slot::kAppended && !Omitted(p.field) &&
        r->HasField(m, p.field) && !Field(m, p.field)) {
      return false;
    }
  }
  return true;
}

bool Printer::Field(const Message& m, const FieldDescriptor* f) {
  if (f->is_map()) return Map(m, f);
  Key(f->json_name());
  if (!f->is_repeated()) return Value(m, f, -1);
  bool outer_first = first_;
  first_ = true;
  out_->push_back('[');
  int n = m.GetReflection()->FieldSize(m, f);
  for (int i = 0; i < n; ++i) {
    Separator();
    if (!Value(m, f, i)) return false;
  }
  out_->push_back(']');
  first_ = outer_first;
  return true;
}

// Entries in the map's own iteration order, which is the order
// SerializeAsString writes them in (it is not deterministic).
bool Printer::Map(const Message& m, const FieldDescriptor* f) {
  Key(f->json_name());
  bool outer_first = first_;
  first_ = true;
  out_->push_back('{');
  const FieldDescriptor* key = f->message_type()->map_key();
  const FieldDescriptor* value = f->message_type()->map_value();
  const Reflection* r = m.GetReflection();
  std::string text;
  for (int i = 0, n = r->FieldSize(m, f); i < n; ++i) {
    const Message& entry = r->GetRepeatedMessage(m, f, i);
    MapKeyText(entry, key, &text);
    Key(text);
    if (!Value(entry, value, -1)) return false;
  }
  out_->push_back('}');
  first_ = outer_first;
  return true;
}

// Element `index` of a repeated field, or the singular field for -1.
bool Printer::Value(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
#define BRIEFDESK_GET(Type) \
  (index < 0 ? r->Get##Type(m, f) : r->GetRepeated##Type(m, f, index))
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      AppendNumber(BRIEFDESK_GET(Int32), out_);
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      AppendNumber(BRIEFDESK_GET(UInt32), out_);
      return true;
    case FieldDescriptor::CPPTYPE_INT64:  // quoted: JavaScript has doubles
      out_->push_back('"');
      AppendNumber(BRIEFDESK_GET(Int64), out_);
      out_->push_back('"');
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      out_->push_back('"');
      AppendNumber(BRIEFDESK_GET(UInt64), out_);
      out_->push_back('"');
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(BRIEFDESK_GET(Double), out_);
      return true;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendFloat(BRIEFDESK_GET(Float), out_);
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out_->append(BRIEFDESK_GET(Bool) ? "true" : "false");
      return true;
    case FieldDescriptor::CPPTYPE_ENUM:
      Enum(f, BRIEFDESK_GET(EnumValue));
      return true;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& v =
          index < 0 ? r->GetStringReference(m, f, &scratch)
                    : r->GetRepeatedStringReference(m, f, index, &scratch);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        AppendBase64(v, out_);
      } else {
        AppendJsonString(v, out_);
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageValue(BRIEFDESK_GET(Message));
  }
#undef BRIEFDESK_GET
  return false;
}

// By name; a number the enum does not declare (proto3 keeps those) as the
// number.
void Printer::Enum(const FieldDescriptor* f, int number) {
  const auto* v = f->enum_type()->FindValueByNumber(number);
  if (v != nullptr) {
    AppendJsonString(v->name(), out_);
  } else {
    AppendNumber(number, out_);
  }
}

// What protobuf prints for an unset scalar with always_print_primitive_fields.
void Printer::Default(const FieldDescriptor* f) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      out_->append("\"0\"");
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out_->append("false");
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      out_->append("\"\"");
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      AppendJsonString(f->enum_type()->value(0)->name(), out_);
      return;
    default:  // the other numbers
      out_->push_back('0');
      return;
  }
}

bool Printer::MessageValue(const Message& m) {
  if (++depth_ > kMaxDepth) return false;
  const Layout& l = LayoutOf(m.GetDescriptor());
  const Reflection* r = m.GetReflection();
  const Descriptor* d = m.GetDescriptor();
  bool ok = false;
  switch (l.special) {
    case Special::kNone:
      ok = Object(m, l);
      break;
    case Special::kTimestamp:
      ok = AppendTimestamp(r->GetInt64(m, d->field(0)),
                           r->GetInt32(m, d->field(1)), out_);
      break;
    case Special::kDuration:
      ok = AppendDuration(r->GetInt64(m, d->field(0)),
                          r->GetInt32(m, d->field(1)), out_);
      break;
    case Special::kWrapper:
      ok = Wrapper(m);
      break;
    case Special::kUnsupported:
      break;
  }
  --depth_;
  return ok;
}

// A wrapper prints as its value, the default when the value is unset.
bool Printer::Wrapper(const Message& m) {
  const FieldDescriptor* value = m.GetDescriptor()->field(0);
  if (m.GetReflection()->HasField(m, value)) return Value(m, value, -1);
  Default(value);
  return true;
}

}  // namespace

std::string PrintJson(const google::protobuf::Message& m,
                      bool always_print_primitive_fields,
                      const FieldDescriptor* omit) {
  const Descriptor* d = m.GetDescriptor();
  if (d->file()->pool() != google::protobuf::DescriptorPool::generated_pool()) {
    json::ForgetOtherPools();
  }
  std::string out;
  const Layout& l = LayoutOf(d);
  if (l.special == Special::kNone) {
    out.reserve(512);
    Printer printer(always_print_primitive_fields, omit, &out);
    if (printer.Object(m, l)) return out;
    out.clear();
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = always_print_primitive_fields;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  if (omit == nullptr) return out;
  // Rare (json_printer.h lists what comes here): parsed and printed again.
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(out, ec);
  if (ec || !v.is_object()) return out;
  v.as_object().erase(omit->json_name());
  return boost::json::serialize(v);
}

}  // namespace briefdesk::gateway
