#include "services/gateway/http_errors.h"

#include <google/protobuf/util/json_util.h>

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "briefdesk/common/v1/http.pb.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/invitation_pages.h"
#include "services/gateway/publishing.h"

namespace briefdesk::gateway {
namespace {

// Payloads of the gateway's own refusals; they never cross a gRPC boundary.
constexpr char kHttpStatusUrl[] = "briefdesk.gateway/http-status";
constexpr char kHeaderUrl[] = "briefdesk.gateway/http-header/";
constexpr char kJson[] = "application/json; charset=utf-8";

std::optional<int> GivenHttpStatus(const absl::Status& status) {
  auto payload = status.GetPayload(kHttpStatusUrl);
  int given = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &given))
    return std::nullopt;
  return given;
}

// API.md's mapping of the codes.
int FromCode(absl::StatusCode code, const Route* route) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAborted:
      return route != nullptr && !route->http.if_match().empty() ? 412 : 409;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

// What a client is told of a failure of ours (5xx): the code, and where to
// look; the detail (addresses, database messages) goes to the log only.
std::string PublicMessage(absl::StatusCode code, std::string_view id) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
      return "a BriefDesk service is unavailable; retry after the seconds "
             "in Retry-After";
    case absl::StatusCode::kDeadlineExceeded:
      return "a BriefDesk service did not answer in time; retry";
    default:
      return "internal error; it is logged under request id " + std::string(id);
  }
}

// API.md's name of a code: "INVALID_ARGUMENT".
std::string_view CodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "OK";
    case absl::StatusCode::kCancelled:
      return "CANCELLED";
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted:
      return "ABORTED";
    case absl::StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal:
      return "INTERNAL";
    case absl::StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss:
      return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

// {"error": {"code", "message", "details"}}, every member present, so
// `details` is [] when there are none and a workflow refusal with no
// allowed action says "allowedActions": [].
std::string ErrorJson(absl::StatusCode code, std::string_view message,
                      const common::v1::ErrorDetails& details) {
  common::v1::ErrorBody body;
  body.mutable_error()->set_code(std::string(CodeName(code)));
  body.mutable_error()->set_message(std::string(message));
  *body.mutable_error()->mutable_details() = details.details();
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(body, &out, options);
  return out;
}

// The headers the status carries, then those its HTTP status implies.
void AddHeaders(const absl::Status& status, const ErrorContext& context,
                ErrorResponse* out) {
  bool retry_after = false;
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    if (!absl::StartsWith(url, kHeaderUrl)) return;
    std::string name(url.substr(sizeof(kHeaderUrl) - 1));
    retry_after = retry_after || absl::EqualsIgnoreCase(name, "Retry-After");
    out->headers.emplace_back(std::move(name), std::string(value));
  });
  int32_t service_retry = rpc::DetailsOf(status).retry_after_seconds();
  if (service_retry > 0 && !retry_after) {
    out->headers.emplace_back("Retry-After", std::to_string(service_retry));
    retry_after = true;
  }
  if (out->status == 503 && !retry_after)
    out->headers.emplace_back("Retry-After", "1");
  if (out->status == 401) {
    out->headers.emplace_back(
        "WWW-Authenticate",
        context.key_sent ? "Bearer realm=\"BriefDesk\", error=\"invalid_token\""
                         : "Bearer realm=\"BriefDesk\"");
  }
}

}  // namespace

ErrorResponse HttpError(const absl::Status& given,
                        const ErrorContext& context) {
  // The gateway never cancels a call it still answers: CANCELLED comes from
  // a service that stopped (its grace period ran out), so the client may
  // retry, with its Idempotency-Key when it creates.
  const absl::Status status =
      given.code() == absl::StatusCode::kCancelled
          ? absl::UnavailableError(
                "the service stopped while handling the request; retry it")
          : given;
  ErrorResponse out;
  std::optional<int> explicit_status = GivenHttpStatus(status);
  out.status = explicit_status ? *explicit_status
               : rpc::IsPreconditionRequired(status)
                   ? 428
                   : FromCode(status.code(), context.route);
  std::string message(status.message());
  // The gateway's own refusals speak to the client whatever their status.
  if (out.status >= 500 && !explicit_status) {
    out.logged = message;
    message = PublicMessage(status.code(), context.request_id);
  }
  AddHeaders(status, context, &out);
  const Route* route = context.route;
  if (route != nullptr && route->own.secret_page) {
    out.content_type = "text/html; charset=utf-8";
    out.body = InvitationProblemPage(out.status, context.request_id);
    return out;
  }
  if (route != nullptr && route->own.cacheable &&
      (out.status == 400 || out.status == 404)) {
    // A reader of the published pages gets a page.
    out.content_type = "text/html; charset=utf-8";
    out.body = ReaderErrorPage(out.status, message);
    return out;
  }
  out.content_type = kJson;
  out.body = ErrorJson(
      status.code(), message,
      out.status >= 500 ? common::v1::ErrorDetails() : rpc::DetailsOf(status));
  return out;
}

int HttpStatusOf(absl::StatusCode code, const Route* route) {
  return FromCode(code, route);
}

absl::StatusCode CodeOfName(std::string_view name) {
  for (int i = 0; i <= 16; ++i) {
    auto code = static_cast<absl::StatusCode>(i);
    if (CodeName(code) == name) return code;
  }
  return absl::StatusCode::kUnknown;
}

absl::Status WithHttpStatus(absl::Status status, int http_status) {
  status.SetPayload(kHttpStatusUrl, absl::Cord(std::to_string(http_status)));
  return status;
}

absl::Status WithHeader(absl::Status status, std::string_view name,
                        std::string_view value) {
  status.SetPayload(std::string(kHeaderUrl) + std::string(name),
                    absl::Cord(absl::string_view(value.data(), value.size())));
  return status;
}

}  // namespace briefdesk::gateway
