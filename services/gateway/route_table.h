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
  std::string suffix;   // ":verb" or ".ext" after a parameter
};

struct Route {
  common::v1::HttpRoute http;  // the declaration: method, path, body, ...
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
              bool is_public);

  struct Found {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;  // percent-decoded
    std::vector<std::string> allowed_methods;   // when only the method missed
  };
  Found Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  absl::Status Add(Route route);
  std::vector<Route> routes_;
};

std::vector<Segment> ParseTemplate(std::string_view path);
std::string PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_ROUTE_TABLE_H_
