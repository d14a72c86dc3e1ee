#include "services/gateway/request_checks.h"

#include <boost/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "briefdesk/common/v1/http.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 32;

std::string Join(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

std::string At(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// protobuf's JSON parser takes both the JSON and the proto name of a field.
const FieldDescriptor* FieldFor(const Descriptor* d, std::string_view key) {
  std::string k(key);
  const FieldDescriptor* f = d->FindFieldByCamelcaseName(k);
  return f != nullptr ? f : d->FindFieldByName(k);
}

bool IsWellKnown(const Descriptor* d) {
  return d->file()->package() == "google.protobuf";
}

std::string EnumNames(const EnumDescriptor* e) {
  std::string names;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() == 0) continue;
    names += (names.empty() ? "" : ", ") + e->value(i)->name();
  }
  return names;
}

absl::Status CheckEnum(const json::value& v, const EnumDescriptor* e,
                       const std::string& path) {
  if (v.is_null()) return absl::OkStatus();  // proto3 JSON: not given
  if (v.is_string()) {
    const auto* value = e->FindValueByName(std::string(v.get_string()));
    if (value != nullptr && value->number() != 0) return absl::OkStatus();
  }
  return rpc::FieldError(path, "must be one of " + EnumNames(e));
}

absl::Status CheckObject(const json::value& v, const Descriptor* d,
                         const std::string& path,
                         const std::set<std::string>* bound);

absl::Status CheckMember(const json::value& v, const FieldDescriptor* f,
                         const std::string& path) {
  if (f->is_map()) return absl::OkStatus();
  bool array = f->is_repeated() && v.is_array();
  size_t n = array ? v.get_array().size() : 1;
  for (size_t i = 0; i < n; ++i) {
    const json::value& item = array ? v.get_array()[i] : v;
    std::string at = array ? At(path, i) : path;
    absl::Status s;
    if (f->enum_type() != nullptr) {
      s = CheckEnum(item, f->enum_type(), at);
    } else if (f->message_type() != nullptr &&
               !IsWellKnown(f->message_type())) {
      s = CheckObject(item, f->message_type(), at, nullptr);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Other mistakes of type (a string for a number, ...) are protobuf's to
// report; this walk refuses what protobuf would silently accept.
absl::Status CheckObject(const json::value& v, const Descriptor* d,
                         const std::string& path,
                         const std::set<std::string>* bound) {
  if (!v.is_object()) return absl::OkStatus();
  for (const auto& [key, member] : v.get_object()) {
    std::string name = Join(path, std::string_view(key.data(), key.size()));
    const FieldDescriptor* f =
        FieldFor(d, std::string_view(key.data(), key.size()));
    if (f == nullptr) {
      return rpc::FieldError(name, "is not a field of this request");
    }
    if (bound != nullptr && bound->count(f->name())) {
      return rpc::FieldError(
          name, "is given by the path or a header, not in the body");
    }
    if (absl::Status s = CheckMember(member, f, name); !s.ok()) return s;
  }
  return absl::OkStatus();
}

bool Given(const Message& m, const FieldDescriptor* f) {
  const Reflection* r = m.GetReflection();
  if (f->is_repeated()) return r->FieldSize(m, f) > 0;
  if (f->has_presence()) return r->HasField(m, f);
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return !r->GetString(m, f).empty();
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnumValue(m, f) != 0;
    default:
      return r->HasField(m, f);  // a non-zero number
  }
}

absl::Status Required(const Message& m, const std::string& path) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    std::string name = Join(path, f->json_name());
    if (f->options().GetExtension(common::v1::field).required() &&
        !Given(m, f)) {
      return rpc::FieldError(name, "is required");
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int k = 0; k < r->FieldSize(m, f); ++k) {
        absl::Status s = Required(r->GetRepeatedMessage(m, f, k), At(name, k));
        if (!s.ok()) return s;
      }
    } else if (r->HasField(m, f)) {
      if (absl::Status s = Required(r->GetMessage(m, f), name); !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Text(const std::string& value, const std::string& name) {
  if (auto problem = text::Problem(value, text::Lines::kMany)) {
    return rpc::FieldError(name, *problem);
  }
  return absl::OkStatus();
}

absl::Status Strings(const Message& m, const std::string& path) {
  const Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    std::string name = Join(path, f->json_name());
    bool text = f->type() == FieldDescriptor::TYPE_STRING;
    bool message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!text && !message) continue;
    int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
    for (int k = 0; k < n; ++k) {
      std::string at = f->is_repeated() ? At(name, k) : name;
      absl::Status s;
      if (text) {
        s = Text(f->is_repeated() ? r->GetRepeatedString(m, f, k)
                                  : r->GetString(m, f),
                 at);
      } else {
        s = Strings(f->is_repeated() ? r->GetRepeatedMessage(m, f, k)
                                     : r->GetMessage(m, f),
                    at);
      }
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckJsonBody(std::string_view body, const Descriptor* request,
                           const std::set<std::string>& bound,
                           json::value* parsed) {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  json::stream_parser parser({}, options);
  boost::system::error_code ec;
  size_t used = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return rpc::FieldError(
        "body",
        "is not JSON (RFC 8259: UTF-8, control characters escaped) "
        "at byte " +
            std::to_string(used + 1) + ": " + ec.message());
  }
  json::value v = parser.release();
  if (!v.is_object()) return rpc::FieldError("body", "must be a JSON object");
  absl::Status s = CheckObject(v, request, "", &bound);
  if (s.ok() && parsed != nullptr) *parsed = std::move(v);
  return s;
}

absl::Status CheckStrings(const Message& m) { return Strings(m, ""); }

absl::Status CheckPathParams(const RouteTable::Found& found) {
  for (const auto& [field, value] : found.params) {
    const std::string& name = found.names.at(field);
    if (value.size() > kMaxParamBytes) {
      return rpc::FieldError(
          name,
          "is too long (at most " + std::to_string(kMaxParamBytes) + " bytes)");
    }
    if (auto problem = text::Problem(value, text::Lines::kOne)) {
      return rpc::FieldError(name, *problem);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRequired(const Message& m) { return Required(m, ""); }

bool IsJsonMediaType(std::string_view content_type) {
  // An absent header is a null view, which StrSplit splits into nothing.
  if (content_type.empty()) return false;
  std::vector<absl::string_view> parts = absl::StrSplit(
      absl::string_view(content_type.data(), content_type.size()), ';');
  if (!absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(parts[0]),
                              "application/json")) {
    return false;
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(parts[i], absl::MaxSplits('=', 1));
    absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(kv.first),
                                "charset") ||
        !absl::EqualsIgnoreCase(value, "utf-8")) {
      return false;
    }
  }
  return true;
}

}  // namespace briefdesk::gateway
