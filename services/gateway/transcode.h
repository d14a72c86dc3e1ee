// HTTP <-> protobuf for one route: the request message from the JSON body
// (protobuf's JSON mapping), path parameters and the query string; the answer
// as JSON (failures are http_errors.h's). Pure functions: no sockets, no RPCs.
#ifndef BRIEFDESK_SERVICES_GATEWAY_TRANSCODE_H_
#define BRIEFDESK_SERVICES_GATEWAY_TRANSCODE_H_

#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "briefdesk/common/v1/http.pb.h"
#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

struct HttpInput {
  // Decoded values by request field, and the names the client used for them
  // (RouteTable::Found).
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> path_names;
  std::string_view query;  // percent-encoded, after '?'
  std::string_view body;
  std::string_view if_match;  // raw header value, may be empty
  // A CSV route asked for text/csv (media_types.h's PrefersCsv): sets the
  // route's csv_flag field.
  bool csv = false;
};

// Fills `out` (a new message of the route's input type) and checks it as
// request_checks.h says. A raw_body route's body goes to its field as sent
// (media_types.h's RawTextProblem is a 400 naming that field); neither
// that field nor csv_flag can be given in the query string. INVALID_ARGUMENT
// with the field in details on bad input; rpc::PreconditionRequired (428) when
// the route needs If-Match and it is absent; ABORTED (412) when If-Match names
// only weak entity tags, which never match for an edit.
absl::Status BuildRequest(const Route& route, const HttpInput& in,
                          google::protobuf::Message* out);

// The proto3 JSON of a message, every field present (absent optionals and
// unset messages omitted), lowerCamelCase names.
// `omit`: a top-level field left out (a CSV route's CSV, in JSON).
std::string ToJson(const google::protobuf::Message& m,
                   const google::protobuf::FieldDescriptor* omit = nullptr);

// The string value at a dotted field path ("user.id"), or "".
std::string FieldString(const google::protobuf::Message& m,
                        std::string_view path);
// Whether the message field `name` (a message-typed field) is set.
bool HasField(const google::protobuf::Message& m, std::string_view name);
// "/v1/briefs/{id}" filled from the message's fields, or "" if one is empty.
std::string FillTemplate(std::string_view tmpl,
                         const google::protobuf::Message& m);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_TRANSCODE_H_
