// Every failure the gateway answers goes through HttpError: an absl::Status
// in, API.md's HTTP status, headers and error body
// ({"error": {"code", "message", "details"}}) out. The status code decides
// (API.md's table); what the code alone does not say travels on the status
// itself, never inferred from where the failure came from:
//  - rpc::IsPreconditionRequired: 428 (an edit without If-Match), whether
//    the gateway or a service found it missing;
//  - the gateway's own HTTP-level refusals carry their status and headers
//    (WithHttpStatus, WithHeader: 405 with Allow, 413, 415, 429 with
//    Retry-After);
//  - ABORTED is 412 on a route that takes If-Match (a stale ETag), 409
//    elsewhere.
// Pure: no sockets, no logging (the caller logs `logged`).
#ifndef BRIEFDESK_SERVICES_GATEWAY_HTTP_ERRORS_H_
#define BRIEFDESK_SERVICES_GATEWAY_HTTP_ERRORS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

// What HttpError needs to know of the request besides the status.
struct ErrorContext {
  const Route* route = nullptr;      // the route matched, if any
  std::string_view request_id = {};  // a 5xx message names it
  bool key_sent = false;             // a 401 says the key was refused
};

struct ErrorResponse {
  int status = 500;
  std::vector<std::pair<std::string, std::string>> headers;
  // JSON; HTML for a reader of published pages and an invitation's holder
  std::string content_type;
  std::string body;
  // A failure of ours (5xx): the detail the client is not told, for the
  // log; "" otherwise.
  std::string logged;
};

ErrorResponse HttpError(const absl::Status& status,
                        const ErrorContext& context = {});

// API.md's HTTP status of a code (ABORTED: 412 on a route with if_match),
// and the code of its name ("INVALID_ARGUMENT"; kUnknown for a name that is
// none): for an error a service reports inside an answer (error_field).
int HttpStatusOf(absl::StatusCode code, const Route* route);
absl::StatusCode CodeOfName(std::string_view name);

// The HTTP status of a refusal the code alone does not say (405, 413, 415,
// 431): set where the gateway refuses, read by HttpError only.
absl::Status WithHttpStatus(absl::Status status, int http_status);
// A header the error answer carries (Allow, Retry-After).
absl::Status WithHeader(absl::Status status, std::string_view name,
                        std::string_view value);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_HTTP_ERRORS_H_
