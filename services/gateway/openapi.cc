#include "services/gateway/openapi.h"

#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <set>

#include "briefdesk/common/v1/http.pb.h"
#include "services/gateway/openapi_bodies.h"
#include "services/gateway/openapi_responses.h"
#include "services/gateway/openapi_schemas.h"

namespace briefdesk::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr char kInfo[] =
    "Policy briefs from first draft to publication. The contract is API.md; "
    "this document is generated from the route declarations on the RPCs, "
    "the same the gateway routes by.\n\n"
    "Authenticate with `Authorization: Bearer <api key>`. Errors are "
    "`{\"error\": {\"code\", \"message\", \"details\"}}` with the gRPC code "
    "name. Every GET route also answers HEAD (the same headers, no body) "
    "and every path answers OPTIONS. An answer means its effects are "
    "visible: a change that other services act on (submit, withdraw, "
    "claim, release, complete) is applied there before the answer, which "
    "says so in X-BriefDesk-Effects; notifications follow within moments.";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

const std::map<std::string, std::string>& ParamDescriptions() {
  static const std::map<std::string, std::string> d = {
      {"id", "The resource's id"},
      {"n", "The revision number"},
      {"keyId", "The API key's id"},
      {"taskId", "The review task's id"},
      {"slug", "The published brief's address"},
      {"pageSize", "Items per page, 1 to 100 (default 20)"},
      {"pageToken", "nextPageToken of the previous page"},
      {"state", "Only items in this state"},
      {"topic", "Only briefs of this topic"},
      {"cohort", "Only briefs of this training"},
      {"authorId", "Only briefs by this author"},
      {"role", "Only users with this role"},
      {"unread", "Only unread notifications"},
      {"from", "The earlier revision's number"},
      {"to", "The later revision's number"},
      {"revision", "A revision number (default: the current one)"},
  };
  return d;
}

std::string Describe(const std::string& name) {
  auto it = ParamDescriptions().find(name);
  return it == ParamDescriptions().end() ? name : it->second;
}

json::object Param(const std::string& name, const char* in, bool required,
                   json::object schema) {
  return {{"name", name},
          {"in", in},
          {"required", required},
          {"description", Describe(name)},
          {"schema", schema}};
}

json::object HeaderParam(const std::string& name,
                         const std::string& description, bool required) {
  return {{"name", name},
          {"in", "header"},
          {"required", required},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

// Path parameters: a number for int fields, else a string.
json::array PathParams(const Route& r, std::set<std::string>* bound) {
  json::array out;
  for (const Segment& s : r.segments) {
    if (s.param.empty()) continue;
    json::object schema{{"type", "string"}};
    if (r.method != nullptr) {
      const Descriptor* in = r.method->input_type();
      const FieldDescriptor* f = in->FindFieldByName(s.field);
      if (f == nullptr) f = in->FindFieldByCamelcaseName(s.field);
      if (f != nullptr) {
        bound->insert(f->name());
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
          schema = {{"type", "integer"}, {"format", "int32"}, {"minimum", 1}};
        }
      }
    }
    out.push_back(Param(s.param, "path", true, schema));
  }
  return out;
}

json::object SuccessHeaders(const Route& r) {
  json::object h{{"X-Request-Id", HeaderRef("X-Request-Id")}};
  if (!r.http.public_()) {
    for (const char* n :
         {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}) {
      h[n] = HeaderRef(n);
    }
  }
  if (!r.http.etag().empty()) h["ETag"] = HeaderRef("ETag");
  if (!r.http.location().empty()) h["Location"] = HeaderRef("Location");
  if (r.http.effects())
    h["X-BriefDesk-Effects"] = HeaderRef("X-BriefDesk-Effects");
  if (!r.http.csv_field().empty()) h["Vary"] = HeaderRef("Vary");
  if (r.own.cacheable) {
    for (const char* n : {"ETag", "Cache-Control", "Last-Modified"})
      h[n] = HeaderRef(n);
  }
  if (r.own.secret_page) h["Cache-Control"] = HeaderRef("Cache-Control");
  return h;
}

void RpcOperation(const Route& r, SchemaBuilder& schemas, json::object* op,
                  json::array* params, const std::set<std::string>& bound) {
  const Descriptor* in = r.method->input_type();
  AddRequestBody(r, schemas, bound, op);
  for (int i = 0; i < in->field_count(); ++i) {
    const FieldDescriptor* f = in->field(i);
    if (bound.count(f->name()) || !IsQueryParameter(r, f)) continue;
    bool required = f->options().GetExtension(common::v1::field).required();
    params->push_back(
        Param(f->json_name(), "query", required, schemas.Parameter(f)));
  }
  if (!r.http.if_match().empty()) {
    params->push_back(HeaderParam(
        "If-Match", "The ETag of the revision edited, or * (RFC 9110)", true));
  }
  if (r.http.idempotent()) {
    params->push_back(HeaderParam(
        "Idempotency-Key",
        "At most 255 printable ASCII characters; a repeat within 24 hours "
        "answers the first response",
        false));
  }
  if (r.http.method() == "GET" && !r.http.etag().empty()) {
    params->push_back(
        HeaderParam("If-None-Match",
                    "ETags the client holds; 304 when one is current", false));
  }
  int status = r.http.status() ? r.http.status() : 200;
  json::object ok{{"description", "Success"}, {"headers", SuccessHeaders(r)}};
  if (status != 204) ok["content"] = SuccessContent(r, schemas);
  json::object responses{{std::to_string(status), ok}};
  if (!r.http.empty_unless().empty()) {
    responses["204"] = json::object{{"description", "Nothing to return"},
                                    {"headers", SuccessHeaders(r)}};
  }
  if (r.http.method() == "GET" && !r.http.etag().empty()) {
    responses["304"] =
        json::object{{"description", "Not modified since the ETag sent"},
                     {"headers", SuccessHeaders(r)}};
  }
  AddErrors(ErrorStatuses(r), &responses);
  AddErrorFieldAnswer(r, schemas, &responses);
  (*op)["responses"] = responses;
  json::array roles;
  for (const auto& role : r.http.roles()) roles.push_back(json::string(role));
  (*op)["x-roles"] = roles;
}

void OwnOperation(const Route& r, SchemaBuilder& schemas, json::object* op,
                  json::array* params) {
  for (const auto& [name, description] : r.own.query) {
    params->push_back(json::object{{"name", name},
                                   {"in", "query"},
                                   {"required", false},
                                   {"description", description},
                                   {"schema", {{"type", "string"}}}});
  }
  for (const auto& [name, description] : r.own.headers) {
    params->push_back(HeaderParam(name, description, false));
  }
  json::object media;
  if (r.own.json_message != nullptr)
    media["schema"] = schemas.Output(r.own.json_message);
  else if (!r.own.json_schema.empty())
    media["schema"] = json::parse(r.own.json_schema);
  else
    media["schema"] = json::object{{"type", "string"}};
  json::object ok{{"description", "Success"},
                  {"headers", SuccessHeaders(r)},
                  {"content", {{r.own.content_type, media}}}};
  json::object responses{{"200", ok}};
  std::set<int> errors = ErrorStatuses(r);
  if (r.own.cacheable) {
    responses["304"] = json::object{{"description", "Not modified"},
                                    {"headers", SuccessHeaders(r)}};
    errors.insert(503);
  }
  if (r.http.path() == "/readyz" || !r.http.public_()) errors.insert(503);
  AddErrors(errors, &responses, r.own.cacheable);
  for (const auto& [status, description] : r.own.page_errors) {
    json::object headers{{"X-Request-Id", HeaderRef("X-Request-Id")}};
    if (status == 503) headers["Retry-After"] = HeaderRef("Retry-After");
    responses[std::to_string(status)] = json::object{
        {"description", description},
        {"headers", headers},
        {"content",
         {{r.own.content_type, {{"schema", {{"type", "string"}}}}}}}};
  }
  (*op)["responses"] = responses;
}

json::object Operation(const Route& r, SchemaBuilder& schemas,
                       std::string* tag) {
  json::object op{{"summary", r.http.summary()}};
  std::set<std::string> bound;
  json::array params = PathParams(r, &bound);
  if (r.method != nullptr) {
    op["operationId"] = r.method->name();
    const auto& t =
        r.method->service()->options().GetExtension(common::v1::tag);
    *tag = t.name();
    op["description"] =
        r.http.description().empty() ? r.http.summary() : r.http.description();
    RpcOperation(r, schemas, &op, &params, bound);
  } else {
    op["operationId"] = r.own.operation_id;
    *tag = r.own.tag;
    op["description"] = r.own.description;
    OwnOperation(r, schemas, &op, &params);
  }
  op["tags"] = json::array{json::string(*tag)};
  if (!params.empty()) op["parameters"] = params;
  if (r.http.public_()) op["security"] = json::array{};
  return op;
}

// OPTIONS on a path: its methods, and CORS preflights.
json::object Options(const std::string& path, const std::string& tag,
                     const json::array& params) {
  std::string id = "options";
  bool up = true;
  for (char c : path) {
    // A custom action is a word of its own: /v1/briefs/{id}:check is
    // optionsV1BriefsIdDoCheck, apart from /v1/briefs/{id}/check.
    if (c == ':') id += "Do";
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    id += up ? static_cast<char>(std::toupper(c)) : c;
    up = false;
  }
  json::object responses{{"204",
                          {{"description",
                            "The methods in Allow; for an allowed origin's "
                            "preflight, the CORS headers"},
                           {"headers",
                            {{"Allow", HeaderRef("Allow")},
                             {"X-Request-Id", HeaderRef("X-Request-Id")}}}}}};
  AddErrors({403, 404}, &responses);
  json::object op{{"operationId", id},
                  {"summary", "The methods of this path"},
                  {"description",
                   "Allow lists the methods; a preflight from an "
                   "origin not in BRIEFDESK_CORS_ORIGINS is 403."},
                  {"tags", json::array{json::string(tag)}},
                  {"security", json::array{}},
                  {"responses", responses}};
  if (!params.empty()) op["parameters"] = params;
  return op;
}

json::array Tags(const RouteTable& routes) {
  json::array out;
  std::set<std::string> seen;
  for (const Route& r : routes.routes()) {
    std::string name, description;
    if (r.method != nullptr) {
      const auto& t =
          r.method->service()->options().GetExtension(common::v1::tag);
      name = t.name();
      description = t.description();
    } else {
      name = r.own.tag;
      description = name == "Published"
                        ? "Published briefs for readers: no key needed."
                        : "Health, readiness, metrics and this document.";
    }
    if (name.empty() || !seen.insert(name).second) continue;
    out.push_back(json::object{{"name", name}, {"description", description}});
  }
  return out;
}

}  // namespace

std::string OpenApiJson(const RouteTable& routes,
                        const std::string& server_url) {
  json::object schemas;
  SchemaBuilder builder(&schemas);
  builder.Output(common::v1::ErrorBody::descriptor());
  json::object paths;
  std::map<std::string, std::pair<std::string, json::array>> per_path;
  for (const Route& r : routes.routes()) {
    std::string path = ApiPath(r.http.path());
    json::value& item = paths[path];
    if (!item.is_object()) item.emplace_object();
    std::string tag;
    json::object op = Operation(r, builder, &tag);
    auto& first = per_path[path];
    if (first.first.empty()) {
      first.first = tag;
      std::set<std::string> unused;
      first.second = PathParams(r, &unused);
    }
    item.as_object()[Lower(r.http.method())] = std::move(op);
  }
  for (auto& [path, info] : per_path) {
    paths[path].as_object()["options"] = Options(path, info.first, info.second);
  }
  json::object doc{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "BriefDesk API"}, {"version", "1"}, {"description", kInfo}}},
      {"servers",
       json::array{json::object{{"url", server_url.empty() ? "/" : server_url},
                                {"description", "This BriefDesk"}}}},
      {"tags", Tags(routes)},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"responses", ResponseComponents()},
        {"headers", HeaderComponents()},
        {"securitySchemes",
         {{"apiKey",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description", "An API key: bdk_..."}}}}}}},
      {"security", json::array{json::object{{"apiKey", json::array{}}}}}};
  return json::serialize(doc);
}

}  // namespace briefdesk::gateway
