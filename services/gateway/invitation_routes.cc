// The page an invitation e-mail's link opens, until the web app exists:
// GET /invitations/{token} shows what the invitation is and a button; only
// the button's POST takes the invitation up (Directory.AcceptInvitation),
// since mail scanners and link previews fetch links before people do.
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/invitation_pages.h"

namespace briefdesk::gateway {
namespace {

constexpr char kDirectory[] = "briefdesk.directory.v1.Directory";
constexpr char kAccept[] = "/briefdesk.directory.v1.Directory/AcceptInvitation";
constexpr char kHtml[] = "text/html; charset=utf-8";

Response Page(std::string body) {
  Response res;
  res.result(200);
  res.set(http::field::content_type, kHtml);
  res.body() = std::move(body);
  return res;
}

}  // namespace

void Gateway::ServeInvitation(std::shared_ptr<Call> call) {
  if (call->found.route->http.method() == "GET") {
    // The form posts back to this very address (the path as the client
    // sent it, which ParseTarget found valid).
    Finish(call, Page(InvitationOfferPage(call->path)));
    return;
  }
  // A form on another site cannot make a visitor's browser take up an
  // invitation (invitation_pages.h's FromOwnPage says why these headers).
  if (!FromOwnPage(Header(call->req, "Sec-Fetch-Site"),
                   Header(call->req, http::field::origin),
                   Header(call->req, http::field::host), options_.public_url)) {
    Fail(call, absl::PermissionDeniedError(
                   "the form was not sent from this invitation's page"));
    return;
  }
  directory::v1::AcceptInvitationRequest req;
  req.set_token(call->found.params.at("token"));
  CallMetadata md;  // no principal: the token is the credential
  md.request_id = call->request_id;
  backends_->Call(
      kDirectory, kAccept, req.SerializeAsString(), md,
      [this, call](const grpc::Status& s, std::string bytes) {
        if (!s.ok()) {
          Fail(call, rpc::FromGrpcStatus(s));
          return;
        }
        directory::v1::AcceptInvitationResponse accepted;
        if (!accepted.ParseFromString(bytes)) {
          Fail(call,
               absl::InternalError("unreadable answer from the directory"));
          return;
        }
        Finish(call, Page(InvitationKeyPage(accepted, BaseUrl(*call) + "/v1")));
      });
}

}  // namespace briefdesk::gateway
