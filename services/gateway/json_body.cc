#include "services/gateway/json_body.h"

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <string>

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 32;

// protobuf's JSON parser takes both the JSON and the proto name of a field.
const FieldDescriptor* FieldFor(const Descriptor* d, std::string_view key) {
  std::string k(key);
  const FieldDescriptor* f = d->FindFieldByCamelcaseName(k);
  return f != nullptr ? f : d->FindFieldByName(k);
}

// A JSON integer within T's range; protobuf's parser also takes strings
// and integral doubles, which are left to it.
template <typename T>
bool Integer(const json::value& v, T* out) {
  using L = std::numeric_limits<T>;
  if (v.is_int64()) {
    int64_t x = v.get_int64();
    if constexpr (L::is_signed) {
      if (x < static_cast<int64_t>(L::min()) ||
          x > static_cast<int64_t>(L::max())) {
        return false;
      }
    } else {
      if (x < 0 || static_cast<uint64_t>(x) > L::max()) return false;
    }
    *out = static_cast<T>(x);
    return true;
  }
  if (v.is_uint64()) {
    uint64_t x = v.get_uint64();
    if (x > static_cast<uint64_t>(L::max())) return false;
    *out = static_cast<T>(x);
    return true;
  }
  return false;
}

bool Number(const json::value& v, double* out) {
  if (v.is_double()) {
    *out = v.get_double();
  } else if (v.is_int64()) {
    *out = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    *out = static_cast<double>(v.get_uint64());
  } else {
    return false;
  }
  return std::isfinite(*out);
}

bool FillMessage(const json::object& o, Message* m, int depth);

// One value of field `f` (an element when `f` is repeated).
bool FillValue(const json::value& v, const FieldDescriptor* f, Message* m,
               int depth) {
  const Reflection* r = m->GetReflection();
  const bool rep = f->is_repeated();
#define BD_SET(Type, value) \
  (rep ? r->Add##Type(m, f, value) : r->Set##Type(m, f, value))
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (!v.is_string() || f->type() == FieldDescriptor::TYPE_BYTES) {
        return false;
      }
      BD_SET(String, std::string(v.get_string()));
      return true;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (!v.is_bool()) return false;
      BD_SET(Bool, v.get_bool());
      return true;
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t x;
      if (!Integer(v, &x)) return false;
      BD_SET(Int32, x);
      return true;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t x;
      if (!Integer(v, &x)) return false;
      BD_SET(Int64, x);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t x;
      if (!Integer(v, &x)) return false;
      BD_SET(UInt32, x);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t x;
      if (!Integer(v, &x)) return false;
      BD_SET(UInt64, x);
      return true;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double x;
      if (!Number(v, &x)) return false;
      BD_SET(Double, x);
      return true;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double x;
      if (!Number(v, &x) || std::fabs(x) > std::numeric_limits<float>::max()) {
        return false;
      }
      BD_SET(Float, static_cast<float>(x));
      return true;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      if (!v.is_string()) return false;
      const auto* value =
          f->enum_type()->FindValueByName(std::string(v.get_string()));
      if (value == nullptr) return false;
      BD_SET(EnumValue, value->number());
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!v.is_object() ||
          f->message_type()->file()->package() == "google.protobuf") {
        return false;
      }
      Message* child = rep ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      return FillMessage(v.get_object(), child, depth + 1);
    }
  }
#undef BD_SET
  return false;
}

bool FillMessage(const json::object& o, Message* m, int depth) {
  if (depth > kMaxDepth) return false;
  const Descriptor* d = m->GetDescriptor();
  const Reflection* r = m->GetReflection();
  for (const auto& [key, v] : o) {
    const FieldDescriptor* f = FieldFor(d, key);
    if (f == nullptr || f->is_map() || v.is_null()) return false;
    if (f->containing_oneof() != nullptr &&
        r->HasOneof(*m, f->containing_oneof())) {
      return false;  // protobuf's parser says which members collide
    }
    if (!f->is_repeated()) {
      if (!FillValue(v, f, m, depth)) return false;
      continue;
    }
    if (!v.is_array()) return false;
    for (const json::value& item : v.get_array()) {
      if (item.is_null() || !FillValue(item, f, m, depth)) return false;
    }
  }
  return true;
}

}  // namespace

bool FillFromJson(const json::object& body, Message* out) {
  return FillMessage(body, out, 0);
}

}  // namespace briefdesk::gateway
