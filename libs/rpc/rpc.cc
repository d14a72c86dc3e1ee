#include "libs/rpc/rpc.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace briefdesk::rpc {
namespace {

constexpr char kDetailsUrl[] =
    "type.googleapis.com/briefdesk.common.v1.ErrorDetails";
constexpr char kPageTokenPrefix[] = "p1:";

}  // namespace

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target) {
  grpc::ChannelArguments args;
  // Health-checked: a replica whose gRPC health says NOT_SERVING (it is
  // draining) gets no new calls while it finishes the ones it has.
  args.SetServiceConfigJSON(R"({"loadBalancingConfig": [{"round_robin": {}}],)"
                            R"( "healthCheckConfig": {"serviceName": ""}})");
  // A new or restarted replica behind a DNS name is found within seconds.
  args.SetInt("grpc.dns_min_time_between_resolutions_ms", 5000);
  // Answers up to 64 MiB, not gRPC's 4: a person's export (every revision
  // of their briefs) can pass 4 MiB.
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

void SetEffects(grpc::ServerContext* context, bool applied) {
  context->AddTrailingMetadata(kEffectsKey, applied ? "applied" : "pending");
}

std::string ClientMetadata(const grpc::ServerContextBase& context,
                           std::string_view key) {
  const auto& md = context.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

Principal PrincipalFrom(const grpc::ServerContextBase& context) {
  Principal p;
  p.set_user_id(ClientMetadata(context, kUserIdKey));
  for (absl::string_view name : absl::StrSplit(
           ClientMetadata(context, kRolesKey), ',', absl::SkipEmpty())) {
    Role role;
    if (directory::v1::Role_Parse(std::string(name), &role)) p.add_roles(role);
  }
  for (absl::string_view topic : absl::StrSplit(
           ClientMetadata(context, kExpertiseKey), ',', absl::SkipEmpty())) {
    p.add_expertise(std::string(topic));
  }
  p.set_session_id(ClientMetadata(context, kSessionIdKey));
  return p;
}

void AttachPrincipal(const Principal& principal, grpc::ClientContext* context) {
  context->AddMetadata(kUserIdKey, principal.user_id());
  std::vector<std::string> names;
  for (int r : principal.roles()) {
    names.push_back(directory::v1::Role_Name(static_cast<Role>(r)));
  }
  context->AddMetadata(kRolesKey, absl::StrJoin(names, ","));
  if (principal.expertise_size() > 0) {
    context->AddMetadata(kExpertiseKey,
                         absl::StrJoin(principal.expertise(), ","));
  }
  if (!principal.session_id().empty()) {
    context->AddMetadata(kSessionIdKey, principal.session_id());
  }
}

bool HasRole(const Principal& principal, Role role) {
  for (int r : principal.roles()) {
    if (r == role) return true;
  }
  return false;
}

absl::Status FieldError(std::string_view field, std::string_view description) {
  common::v1::ErrorDetails details;
  auto* d = details.add_details();
  d->set_field(std::string(field));
  d->set_description(std::string(description));
  return WithDetails(absl::InvalidArgumentError(std::string(field) + ": " +
                                                std::string(description)),
                     details);
}

common::v1::ErrorDetails DetailsOf(const absl::Status& status) {
  common::v1::ErrorDetails details;
  if (auto payload = status.GetPayload(kDetailsUrl)) {
    details.ParseFromString(std::string(*payload));
  }
  return details;
}

absl::Status WithDetails(absl::Status status,
                         const common::v1::ErrorDetails& details) {
  common::v1::ErrorDetails merged = DetailsOf(status);
  merged.MergeFrom(details);
  status.SetPayload(kDetailsUrl, absl::Cord(merged.SerializeAsString()));
  return status;
}

absl::Status CheckIfMatch(
    const google::protobuf::RepeatedPtrField<std::string>& if_match,
    const std::string& current, std::string_view thing) {
  if (if_match.empty()) {
    return PreconditionRequired(
        absl::StrCat("If-Match required: send the ETag of the ",
                     std::string(thing), " you changed"));
  }
  for (const std::string& t : if_match) {
    if (t == "*" || t == current) return absl::OkStatus();
  }
  return absl::AbortedError(absl::StrCat(
      "the ", std::string(thing), " changed since the ETag you sent (now \"",
      current, "\"): fetch it, apply your change again and retry"));
}

absl::Status PreconditionRequired(std::string_view message) {
  common::v1::ErrorDetails details;
  details.set_precondition_required(true);
  return WithDetails(absl::FailedPreconditionError(std::string(message)),
                     details);
}

absl::Status RetryLater(std::string_view message, int64_t seconds) {
  common::v1::ErrorDetails details;
  details.set_retry_after_seconds(
      static_cast<int32_t>(std::clamp<int64_t>(seconds, 1, 24 * 3600)));
  return WithDetails(absl::ResourceExhaustedError(std::string(message)),
                     details);
}

bool IsPreconditionRequired(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         DetailsOf(status).precondition_required();
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  common::v1::ErrorDetails details = DetailsOf(status);
  // The message travels in metadata, whose size gRPC limits: a message past
  // the limit would turn the answer into RESOURCE_EXHAUSTED.
  std::string message(status.message().substr(0, kMaxStatusMessageBytes));
  if (message.size() < status.message().size()) {
    // Never half a character: drop the continuation bytes, then the lead.
    while (!message.empty() && (message.back() & 0xC0) == 0x80)
      message.pop_back();
    if (!message.empty() && (message.back() & 0x80)) message.pop_back();
  }
  return grpc::Status(
      static_cast<grpc::StatusCode>(status.code()), message,
      details.ByteSizeLong() ? details.SerializeAsString() : std::string());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  if (!status.error_details().empty()) {
    common::v1::ErrorDetails details;
    if (details.ParseFromString(status.error_details())) {
      out = WithDetails(std::move(out), details);
    }
  }
  return out;
}

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return FieldError("pageSize", "must not be negative");
  if (requested == 0) return 20;
  return requested > 100 ? 100 : requested;
}

std::string EncodePageToken(std::string_view position) {
  return absl::WebSafeBase64Escape(absl::StrCat(
      kPageTokenPrefix, absl::string_view(position.data(), position.size())));
}

absl::StatusOr<std::string> DecodePageToken(std::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(
          absl::string_view(token.data(), token.size()), &raw) ||
      raw.rfind(kPageTokenPrefix, 0) != 0 ||
      raw.size() == sizeof(kPageTokenPrefix) - 1) {
    return FieldError("pageToken",
                      "is not a token from a previous page of this list");
  }
  return raw.substr(sizeof(kPageTokenPrefix) - 1);
}

}  // namespace briefdesk::rpc
