#include "services/gateway/openapi.h"

#include <boost/json.hpp>
#include <set>

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

std::string SchemaName(const Descriptor* d) {
  std::string out;
  for (char c : d->full_name()) out += c == '.' ? '_' : c;
  return out;
}

json::object Ref(const Descriptor* d) {
  return {{"$ref", "#/components/schemas/" + SchemaName(d)}};
}

class SchemaBuilder {
 public:
  explicit SchemaBuilder(json::object* schemas) : schemas_(schemas) {}

  // Adds the message (and what it refers to) to components.schemas, leaving
  // out the fields in `skip` (bound by the path).
  void Add(const Descriptor* d) {
    if (!seen_.insert(d->full_name()).second) return;
    json::object props;
    for (int i = 0; i < d->field_count(); ++i) {
      props[d->field(i)->json_name()] = Field(d->field(i));
    }
    json::object schema{{"type", "object"}, {"properties", props}};
    if (d->full_name() == "google.protobuf.Empty") schema.erase("properties");
    (*schemas_)[SchemaName(d)] = schema;
  }

  json::object Field(const FieldDescriptor* f) {
    json::object item = Scalar(f);
    if (!f->is_repeated()) return item;
    return {{"type", "array"}, {"items", item}};
  }

 private:
  json::object Scalar(const FieldDescriptor* f) {
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
          values.push_back(json::string(f->enum_type()->value(i)->name()));
        }
        return {{"type", "string"}, {"enum", values}};
      }
      default: {
        const Descriptor* m = f->message_type();
        if (m->full_name() == "google.protobuf.Timestamp") {
          return {{"type", "string"}, {"format", "date-time"}};
        }
        Add(m);
        return Ref(m);
      }
    }
  }

  json::object* schemas_;
  std::set<std::string> seen_;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

json::object ErrorResponse(const char* description) {
  return {{"description", description},
          {"content",
           {{"application/json",
             {{"schema",
               {{"$ref", "#/components/schemas/"
                         "briefdesk_common_v1_ErrorBody"}}}}}}}};
}

json::object Operation(const Route& r, SchemaBuilder& schemas) {
  json::object op{{"summary", r.http.summary()}};
  json::array params;
  std::set<std::string> bound;
  for (const Segment& s : r.segments) {
    if (s.param.empty()) continue;
    bound.insert(s.param);
    params.push_back(json::object{{"name", s.param},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}}}});
  }
  if (r.method != nullptr) {
    op["operationId"] = r.method->name();
    const Descriptor* in = r.method->input_type();
    if (r.http.body() == "*") {
      schemas.Add(in);
      op["requestBody"] = json::object{
          {"required", false},
          {"content", {{"application/json", {{"schema", Ref(in)}}}}}};
    } else {
      for (int i = 0; i < in->field_count(); ++i) {
        const FieldDescriptor* f = in->field(i);
        if (bound.count(f->name())) continue;
        params.push_back(json::object{{"name", f->json_name()},
                                      {"in", "query"},
                                      {"required", false},
                                      {"schema", schemas.Field(f)}});
      }
    }
    if (!r.http.if_match().empty()) {
      params.push_back(json::object{{"name", "If-Match"},
                                    {"in", "header"},
                                    {"required", true},
                                    {"schema", {{"type", "string"}}}});
    }
    if (r.http.idempotent()) {
      params.push_back(json::object{{"name", "Idempotency-Key"},
                                    {"in", "header"},
                                    {"required", false},
                                    {"schema", {{"type", "string"}}}});
    }
    const Descriptor* out = r.method->output_type();
    schemas.Add(out);
    int status = r.http.status() ? r.http.status() : 200;
    json::object ok{{"description", "Success"}};
    if (status != 204) {
      ok["content"] =
          json::object{{"application/json", {{"schema", Ref(out)}}}};
    }
    json::object responses{{std::to_string(status), ok},
                           {"default", ErrorResponse("An error")}};
    if (!r.http.empty_unless().empty()) {
      responses["204"] = json::object{{"description", "Nothing to return"}};
    }
    op["responses"] = responses;
    json::array roles;
    for (const auto& role : r.http.roles()) roles.push_back(json::string(role));
    op["x-roles"] = roles;
  } else {
    op["responses"] = json::object{{"200", {{"description", "Success"}}}};
  }
  if (!params.empty()) op["parameters"] = params;
  if (r.http.public_()) op["security"] = json::array{};
  return op;
}

}  // namespace

std::string OpenApiJson(const RouteTable& routes) {
  json::object schemas;
  SchemaBuilder builder(&schemas);
  builder.Add(common::v1::ErrorBody::descriptor());
  json::object paths;
  for (const Route& r : routes.routes()) {
    json::value& path = paths[r.http.path()];
    if (!path.is_object()) path.emplace_object();
    path.as_object()[Lower(r.http.method())] = Operation(r, builder);
  }
  json::object doc{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "BriefDesk API"},
        {"version", "1"},
        {"description",
         "Policy briefs from first draft to publication. The contract is "
         "API.md; this document is generated from the route declarations "
         "on the RPCs."}}},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"apiKey", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
      {"security", json::array{json::object{{"apiKey", json::array{}}}}}};
  return json::serialize(doc);
}

}  // namespace briefdesk::gateway
