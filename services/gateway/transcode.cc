#include "services/gateway/transcode.h"

#include <google/protobuf/util/json_util.h>

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/conditional.h"
#include "services/gateway/json_body.h"
#include "services/gateway/json_printer.h"
#include "services/gateway/media_types.h"
#include "services/gateway/request_checks.h"

namespace briefdesk::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* FindField(const Message& m, std::string_view name) {
  const auto* d = m.GetDescriptor();
  const FieldDescriptor* f = d->FindFieldByName(std::string(name));
  if (f == nullptr) f = d->FindFieldByCamelcaseName(std::string(name));
  return f;
}

// Sets a scalar field from its text form (path or query parameter).
absl::Status SetScalar(Message* m, const FieldDescriptor* f,
                       std::string_view json_name, const std::string& value) {
  const auto* r = m->GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(m, f, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!absl::SimpleAtoi(value, &v)) {
        return rpc::FieldError(json_name, "must be a whole number");
      }
      r->SetInt32(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!absl::SimpleAtoi(value, &v)) {
        return rpc::FieldError(json_name, "must be a whole number");
      }
      r->SetInt64(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (value != "true" && value != "false") {
        return rpc::FieldError(json_name, "must be true or false");
      }
      r->SetBool(m, f, value == "true");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* v = f->enum_type()->FindValueByName(value);
      if (v == nullptr || v->number() == 0) {
        std::string names;
        for (int i = 1; i < f->enum_type()->value_count(); ++i) {
          names += (i > 1 ? ", " : "") + f->enum_type()->value(i)->name();
        }
        return rpc::FieldError(json_name, "must be one of " + names);
      }
      r->SetEnum(m, f, v);
      return absl::OkStatus();
    }
    default:
      return rpc::FieldError(json_name, "cannot be given as a parameter");
  }
}

// `reserved`: fields the gateway sets itself (a raw body, a CSV flag).
absl::Status ApplyQuery(std::string_view query,
                        const std::set<const FieldDescriptor*>& reserved,
                        Message* out) {
  auto pairs = DecodeQuery(query);
  if (!pairs.ok()) return pairs.status();
  std::set<std::string> seen;
  for (const auto& [key, value] : *pairs) {
    if (!seen.insert(key).second) return rpc::FieldError(key, "is given twice");
    const FieldDescriptor* f = FindField(*out, key);
    if (f == nullptr || f->is_repeated() || reserved.count(f) ||
        f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return rpc::FieldError(key, "is not a parameter of this route");
    }
    if (absl::Status s = SetScalar(out, f, key, value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The If-Match header into the route's repeated string field: "*", or the
// strong entity tags (a weak one never matches for an edit, RFC 9110
// §13.1.1).
absl::Status ApplyIfMatch(const Route& route, std::string_view header,
                          Message* out) {
  if (header.empty()) {
    return rpc::PreconditionRequired(
        "If-Match required: send the ETag that the GET of what you change "
        "answered");
  }
  auto tags = ParseEntityTags(header, "If-Match");
  if (!tags.ok()) return tags.status();
  if (!tags->any && tags->strong.empty()) {
    return absl::AbortedError(
        "If-Match names only weak entity tags, which never match for an "
        "edit: send the ETag that the GET of what you change answered");
  }
  const FieldDescriptor* f = FindField(*out, route.http.if_match());
  const auto* r = out->GetReflection();
  if (tags->any) {
    r->AddString(out, f, "*");
  } else {
    for (const std::string& t : tags->strong) r->AddString(out, f, t);
  }
  return absl::OkStatus();
}

// Protobuf's parse errors name the field in one of three ways:
//   "INVALID_ARGUMENT:(sections.summary): invalid value 5 for type ..."
//   "INVALID_ARGUMENT:(sections) summary: Proto field is not repeating, ..."
//   "INVALID_ARGUMENT:titel: Cannot find field."  (an unknown field)
// The field path goes in details; anything else is about the body as a whole.
absl::Status JsonError(std::string_view message) {
  if (message.rfind("INVALID_ARGUMENT:", 0) == 0) message.remove_prefix(17);
  std::string field = "body";
  std::string_view rest = message;
  size_t open = message.find('('), close = message.find(')');
  if (open == 0 && close != std::string_view::npos) {
    field = std::string(message.substr(1, close - 1));
    rest = message.substr(close + 1);
    if (!rest.empty() && rest[0] == ' ') {
      size_t colon = rest.find(':');
      std::string_view child = rest.substr(1, colon - 1);
      if (colon != std::string_view::npos &&
          child.find(' ') == std::string_view::npos) {
        field = field.empty() ? std::string(child)
                              : field + "." + std::string(child);
        rest = rest.substr(colon);
      }
    }
    if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
    if (field.empty()) field = "body";
  } else if (size_t p = message.find(": Cannot find field");
             p != std::string_view::npos &&
             message.substr(0, p).find(' ') == std::string_view::npos) {
    return rpc::FieldError(message.substr(0, p),
                           "is not a field of this request");
  }
  // Syntax errors carry the offending text and a caret on later lines.
  rest = rest.substr(0, rest.find('\n'));
  size_t b = rest.find_first_not_of(' ');
  return rpc::FieldError(
      field, b == std::string_view::npos ? "is invalid" : rest.substr(b));
}

// After the checks of text fields, which refuse the carriage returns CSV
// ends its lines with: the raw body, checked as raw text.
absl::Status ApplyRawBody(const Route& route, std::string_view body,
                          Message* out) {
  const FieldDescriptor* f = route.fields.raw_body;
  if (auto problem = RawTextProblem(body)) {
    return rpc::FieldError(f->json_name(), *problem);
  }
  out->GetReflection()->SetString(out, f, std::string(body));
  return absl::OkStatus();
}

// The JSON body of a body "*" route: strict JSON of the request's fields,
// but those the path or a header binds.
absl::Status ApplyJsonBody(const Route& route, const HttpInput& in,
                           Message* out) {
  std::set<std::string> bound;
  for (const auto& [field, value] : in.path_params) {
    if (const FieldDescriptor* f = FindField(*out, field))
      bound.insert(f->name());
  }
  if (!route.http.if_match().empty()) bound.insert(route.http.if_match());
  boost::json::value parsed;
  if (absl::Status s =
          CheckJsonBody(in.body, out->GetDescriptor(), bound, &parsed);
      !s.ok()) {
    return s;
  }
  if (FillFromJson(parsed.get_object(), out)) return absl::OkStatus();
  out->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(in.body.data(), in.body.size()), out,
      options);
  return status.ok() ? absl::OkStatus() : JsonError(status.ToString());
}

absl::Status ApplyPath(const HttpInput& in, Message* out) {
  for (const auto& [field, value] : in.path_params) {
    const FieldDescriptor* f = FindField(*out, field);
    if (f == nullptr)
      return absl::InternalError("route binds unknown " + field);
    auto name = in.path_names.find(field);
    std::string shown =
        name == in.path_names.end() ? f->json_name() : name->second;
    if (absl::Status s = SetScalar(out, f, shown, value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BuildRequest(const Route& route, const HttpInput& in,
                          Message* out) {
  const common::v1::HttpRoute& http = route.http;
  if (http.body() == "*" && !in.body.empty()) {
    if (absl::Status s = ApplyJsonBody(route, in, out); !s.ok()) return s;
  }
  // Where the body is the whole request, no field is left for the query
  // string (and the OpenAPI document lists none).
  if (http.body() == "*" && !in.query.empty()) {
    return rpc::FieldError("query", "this route takes its fields in the body");
  }
  std::set<const FieldDescriptor*> reserved;
  for (const FieldDescriptor* f :
       {route.fields.raw_body, route.fields.csv_flag}) {
    if (f != nullptr) reserved.insert(f);
  }
  if (absl::Status s = ApplyQuery(in.query, reserved, out); !s.ok()) return s;
  if (absl::Status s = ApplyPath(in, out); !s.ok()) return s;
  if (!http.if_match().empty()) {
    if (absl::Status s = ApplyIfMatch(route, in.if_match, out); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckStrings(*out); !s.ok()) return s;
  if (route.fields.raw_body != nullptr) {
    if (absl::Status s = ApplyRawBody(route, in.body, out); !s.ok()) return s;
  }
  if (route.fields.csv_flag != nullptr && in.csv) {
    out->GetReflection()->SetBool(out, route.fields.csv_flag, true);
  }
  return CheckRequired(*out);
}

std::string ToJson(const Message& m, const FieldDescriptor* omit) {
  return PrintJson(m, /*always_print_primitive_fields=*/true, omit);
}

std::string FieldString(const Message& m, std::string_view path) {
  const Message* cur = &m;
  std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = FindField(*cur, std::string(parts[i]));
    if (f == nullptr || f->is_repeated()) return "";
    if (i + 1 == parts.size()) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) return "";
      return cur->GetReflection()->GetString(*cur, f);
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return "";
    cur = &cur->GetReflection()->GetMessage(*cur, f);
  }
  return "";
}

bool HasField(const Message& m, std::string_view name) {
  const FieldDescriptor* f = FindField(m, name);
  return f != nullptr && !f->is_repeated() && m.GetReflection()->HasField(m, f);
}

std::string FillTemplate(std::string_view tmpl, const Message& m) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find('{', pos);
    if (open == std::string_view::npos) {
      out += tmpl.substr(pos);
      break;
    }
    size_t close = tmpl.find('}', open);
    out += tmpl.substr(pos, open - pos);
    std::string value = FieldString(m, tmpl.substr(open + 1, close - open - 1));
    if (value.empty()) return "";
    out += value;
    pos = close + 1;
  }
  return out;
}

}  // namespace briefdesk::gateway
