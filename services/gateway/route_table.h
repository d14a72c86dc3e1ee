// The REST routes, built from the (briefdesk.common.v1.http) option on each
// RPC of the services the gateway fronts, plus the gateway's own operational
// routes. One table drives routing, the OpenAPI document and the tests.
#ifndef BRIEFDESK_SERVICES_GATEWAY_ROUTE_TABLE_H_
#define BRIEFDESK_SERVICES_GATEWAY_ROUTE_TABLE_H_

#include <google/protobuf/descriptor.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/common/v1/http.pb.h"

namespace briefdesk::gateway {

struct Segment {
  std::string literal;  // set for a literal segment
  std::string param;    // set for "{param}", "{param}:verb", "{param}.ext"
  std::string field;    // the request field it binds: param, or "{param=field}"
  std::string suffix;   // ":verb" or ".ext" after a parameter
};

// What the OpenAPI document says of a route the gateway answers itself
// (the RPC routes' documentation comes from their declaration and
// messages).
struct OwnRouteDoc {
  std::string operation_id, tag, description;
  // The 200 answer's media type, and for JSON a schema (inline).
  std::string content_type = "application/json";
  std::string json_schema;  // e.g. {"type":"object", ...}; "" for none
  // Or the message whose JSON mapping the answer is.
  const google::protobuf::Descriptor* json_message = nullptr;
  // Query and request-header parameters: name and description.
  std::vector<std::pair<std::string, std::string>> query, headers;
  // A published page: ETag, Last-Modified, Cache-Control, 304 and 404.
  bool cacheable = false;
  std::vector<int> errors;  // error statuses besides those of every route
  // A page for people that holds a secret (an invitation's link): every
  // answer carries InvitationHeaders() (no-store, no-referrer, a
  // Content-Security-Policy) and every error is a page of
  // InvitationProblemPage; `page_errors` says what each status means.
  bool secret_page = false;
  std::vector<std::pair<int, std::string>> page_errors;
  // The web app (app_assets.h): every answer carries AppHeaders() (its
  // Content-Security-Policy among them).
  bool app_page = false;
};

// The fields that a declaration's raw_body, csv_flag, csv_field and
// error_field name, found and type-checked once, when the table is built.
struct RouteFields {
  const google::protobuf::FieldDescriptor* raw_body = nullptr;  // string
  const google::protobuf::FieldDescriptor* csv_flag = nullptr;  // bool
  // In the answer: a string, and an ErrorBody.Error.
  const google::protobuf::FieldDescriptor* csv_field = nullptr;
  const google::protobuf::FieldDescriptor* error_field = nullptr;
  // session "start": the answer's session_token and csrf_token (strings);
  // session "end": its signed_out (bool).
  const google::protobuf::FieldDescriptor* session_token = nullptr;
  const google::protobuf::FieldDescriptor* csrf_token = nullptr;
  const google::protobuf::FieldDescriptor* signed_out = nullptr;
};

struct Route {
  common::v1::HttpRoute http;  // the declaration: method, path, body, ...
  RouteFields fields;          // for RPC routes
  OwnRouteDoc own;             // for the gateway's own routes
  // The RPC: "/briefdesk.briefs.v1.Briefs/GetBrief"; empty for the
  // gateway's own routes (health, metrics, OpenAPI).
  std::string rpc;
  std::string service;  // "briefdesk.briefs.v1.Briefs"
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::vector<Segment> segments;
};

class RouteTable {
 public:
  // Routes of every RPC with an http option in the given services. Callers
  // reach the descriptors through generated symbols (Foo::descriptor()->
  // file()), which also makes the linker keep the generated code.
  static absl::StatusOr<RouteTable> ForServices(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  // A route the gateway itself answers.
  void AddOwn(std::string method, std::string path, std::string summary,
              bool is_public, OwnRouteDoc doc);

  struct Found {
    const Route* route = nullptr;
    // Percent-decoded values by request field; `names` gives each field's
    // path parameter name as the client sees it (for error messages).
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> names;
    std::vector<std::string> allowed_methods;  // when only the method missed
  };
  // `path` is percent-encoded, as in a request target that ParseTarget
  // accepted. HEAD finds the GET route.
  Found Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  absl::Status Add(Route route);
  std::vector<Route> routes_;
};

std::vector<Segment> ParseTemplate(std::string_view path);
// The path as clients see it: "{n=number}" is "{n}".
std::string ApiPath(std::string_view path);

// A request target in origin form ("/path?query"), split, its path checked
// with Boost.URL: INVALID_ARGUMENT on field "path" when it is not a valid
// one (bad percent-encoding, characters a URL cannot hold). Views into
// `target`.
struct Target {
  std::string_view path;   // percent-encoded
  std::string_view query;  // percent-encoded, after '?'; may be empty
};
absl::StatusOr<Target> ParseTarget(std::string_view target);

// The decoded name=value pairs of a query string ('+' is a space), in
// order; INVALID_ARGUMENT naming the parameter on bad percent-encoding.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> DecodeQuery(
    std::string_view encoded_query);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_ROUTE_TABLE_H_
