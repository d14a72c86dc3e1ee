// The conventions every gRPC boundary of BriefDesk shares.
//
// The gateway authenticates the caller and passes the principal in metadata;
// each service enforces its own rules on it. Logic returns absl::Status with
// field errors and allowed actions as a payload; ToGrpcStatus carries them as
// serialized briefdesk.common.v1.ErrorDetails in the status details, where
// the gateway reads them back for the REST error body.
#ifndef BRIEFDESK_LIBS_RPC_RPC_H_
#define BRIEFDESK_LIBS_RPC_RPC_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/common/v1/http.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::rpc {

inline constexpr char kUserIdKey[] = "x-briefdesk-user-id";
inline constexpr char kRolesKey[] = "x-briefdesk-roles";
inline constexpr char kExpertiseKey[] = "x-briefdesk-expertise";
inline constexpr char kRequestIdKey[] = "x-request-id";
inline constexpr char kIdempotencyKey[] = "idempotency-key";
// The web-app session of the call (Principal.session_id), when a session
// cookie authenticated it.
inline constexpr char kSessionIdKey[] = "x-briefdesk-session-id";
// The browser's User-Agent, printable ASCII, for a sign-in's session list.
inline constexpr char kUserAgentKey[] = "x-briefdesk-user-agent";
// Trailing metadata of a change that other services act on: "applied" when
// they had applied it before the answer, "pending" when one of them could
// not be reached in time (the outbox delivers it later). The gateway passes
// it on as X-BriefDesk-Effects.
inline constexpr char kEffectsKey[] = "x-briefdesk-effects";

using directory::v1::Principal;
using directory::v1::Role;

// The principals services call each other with: kServicePrefix and the
// service's name. Users' ids are generated (auth::NewId) and never start
// with the prefix.
inline constexpr std::string_view kServicePrefix = "service:";
inline constexpr char kReviewService[] = "service:review";
inline constexpr char kNotificationService[] = "service:notification";
inline constexpr char kGatewayService[] = "service:gateway";
inline constexpr char kCoursesService[] = "service:courses";
inline constexpr char kBriefsService[] = "service:briefs";
// True for a service's principal (its user_id), false for a user's.
inline bool IsServicePrincipal(std::string_view user_id) {
  return user_id.starts_with(kServicePrefix);
}

// The principal the gateway passed; an empty user_id when there is none.
// A channel to a BriefDesk service. `target` is host:port, a list such as
// "ipv4:127.0.0.1:5001,127.0.0.1:5002", or "dns:///briefs:50051" against a
// headless Kubernetes Service: calls are spread over every address
// (round_robin) whose gRPC health is SERVING; a replica that is draining or
// gone is left out until it is back.
std::shared_ptr<grpc::Channel> NewChannel(const std::string& target);

Principal PrincipalFrom(const grpc::ServerContextBase& context);
void AttachPrincipal(const Principal& principal, grpc::ClientContext* context);
bool HasRole(const Principal& principal, Role role);
// Says in the answer's trailing metadata (kEffectsKey) whether the other
// services had applied the change before it.
void SetEffects(grpc::ServerContext* context, bool applied);
// A metadata value sent by the client, or "".
std::string ClientMetadata(const grpc::ServerContextBase& context,
                           std::string_view key);

// INVALID_ARGUMENT naming the field (JSON notation, e.g. "sections.summary").
absl::Status FieldError(std::string_view field, std::string_view description);
// Adds details to a status; a status without details gets them all.
absl::Status WithDetails(absl::Status status,
                         const common::v1::ErrorDetails& details);
common::v1::ErrorDetails DetailsOf(const absl::Status& status);
// FAILED_PRECONDITION for a request that lacks a precondition the operation
// requires (an edit sent without If-Match), not one the state refuses: the
// gateway answers it 428 where other FAILED_PRECONDITIONs are 409. The mark
// crosses the gRPC boundary in the details (ToGrpcStatus, FromGrpcStatus).
absl::Status PreconditionRequired(std::string_view message);
// RESOURCE_EXHAUSTED that may succeed after `seconds`: the gateway sends
// them as Retry-After.
absl::Status RetryLater(std::string_view message, int64_t seconds);
bool IsPreconditionRequired(const absl::Status& status);
// A change's If-Match (the route's if_match field) against the ETag of what
// it changes: OK for "*" or `current`; PreconditionRequired when none was
// sent; ABORTED (412) naming `thing` ("brief", "course") and its ETag now.
absl::Status CheckIfMatch(
    const google::protobuf::RepeatedPtrField<std::string>& if_match,
    const std::string& current, std::string_view thing);

// Messages are cut at kMaxStatusMessageBytes (they travel in metadata).
inline constexpr size_t kMaxStatusMessageBytes = 1024;
grpc::Status ToGrpcStatus(const absl::Status& status);

// The RPC boundary: the value into `out`, or the status as a grpc::Status.
template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* out) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *out = std::move(*result);
  return grpc::Status::OK;
}
absl::Status FromGrpcStatus(const grpc::Status& status);

// Lists: pageSize defaults to 20, at most 100; tokens are opaque to clients.
absl::StatusOr<int> PageSize(int requested);
std::string EncodePageToken(std::string_view position);
// INVALID_ARGUMENT on field pageToken when the token was not made here.
absl::StatusOr<std::string> DecodePageToken(std::string_view token);

}  // namespace briefdesk::rpc

#endif  // BRIEFDESK_LIBS_RPC_RPC_H_
