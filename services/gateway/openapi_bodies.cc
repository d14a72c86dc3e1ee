#include "services/gateway/openapi_bodies.h"

#include "briefdesk/common/v1/http.pb.h"

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

json::object Text(const char* description) {
  return {{"type", "string"}, {"description", description}};
}

// The answer fields a JSON success answer never carries.
std::set<std::string> NotInJson(const Route& r) {
  std::set<std::string> skip;
  for (const FieldDescriptor* f : {r.fields.csv_field, r.fields.error_field}) {
    if (f != nullptr) skip.insert(f->name());
  }
  return skip;
}

}  // namespace

void AddRequestBody(const Route& r, SchemaBuilder& schemas,
                    const std::set<std::string>& bound, json::object* op) {
  const Descriptor* in = r.method->input_type();
  if (r.fields.raw_body != nullptr) {
    (*op)["requestBody"] = json::object{
        {"required", true},
        {"description",
         "Sent as is, in UTF-8 (a byte order mark is kept); other request "
         "fields go in the query string."},
        {"content",
         {{r.http.raw_body_type(),
           {{"schema", Text("The file, as UTF-8 text")}}}}}};
    return;
  }
  if (r.http.body() != "*") return;
  std::set<std::string> skip = bound;
  if (!r.http.if_match().empty()) skip.insert(r.http.if_match());
  json::object ref = schemas.Body(in, r.method->name() + "Body", skip);
  bool required = false;
  for (int i = 0; i < in->field_count(); ++i) {
    required |=
        in->field(i)->options().GetExtension(common::v1::field).required();
  }
  (*op)["requestBody"] =
      json::object{{"required", required},
                   {"content", {{"application/json", {{"schema", ref}}}}}};
}

bool IsQueryParameter(const Route& r, const FieldDescriptor* f) {
  return r.http.body() != "*" && f != r.fields.raw_body &&
         f != r.fields.csv_flag;
}

json::object SuccessContent(const Route& r, SchemaBuilder& schemas) {
  const Descriptor* out = r.method->output_type();
  std::set<std::string> skip = NotInJson(r);
  json::object schema =
      skip.empty() ? schemas.Output(out)
                   : schemas.Answer(out, r.method->name() + "Answer", skip);
  json::object content{{"application/json", {{"schema", schema}}}};
  if (r.fields.csv_field != nullptr) {
    content["text/csv"] = json::object{
        {"schema",
         Text("When Accept prefers text/csv to application/json: UTF-8 CSV "
              "with a header row")}};
  }
  return content;
}

void AddErrorFieldAnswer(const Route& r, SchemaBuilder& schemas,
                         json::object* responses) {
  if (r.fields.error_field == nullptr) return;
  std::set<std::string> skip;
  if (r.fields.csv_field != nullptr) skip.insert(r.fields.csv_field->name());
  std::set<std::string> always = {r.fields.error_field->name()};
  json::object schema = schemas.Answer(
      r.method->output_type(), r.method->name() + "Refusal", skip, &always);
  (*responses)["400"] = json::object{
      {"description",
       "INVALID_ARGUMENT: the request is refused. When the service checked "
       "it, the answer holds what it found beside the error (`" +
           r.fields.error_field->json_name() +
           "`), and nothing was applied; a malformed request gets the "
           "error alone."},
      {"headers", json::object{{"X-Request-Id",
                                {{"$ref",
                                  "#/components/headers/"
                                  "X-Request-Id"}}}}},
      {"content", {{"application/json", {{"schema", schema}}}}}};
}

}  // namespace briefdesk::gateway
