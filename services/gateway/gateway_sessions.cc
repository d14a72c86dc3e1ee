// The web app's sign-in at the gateway (session_cookies.h): a session
// cookie authenticates a request that carries no API key, through the
// directory on every request (never cached, so a session signed out
// anywhere stops at once); a change also needs the CSRF token. Sign-in
// and sign-out answers set and clear the cookies. Public routes that
// change something are limited per client address.
#include "libs/auth/api_keys.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/session_cookies.h"

namespace briefdesk::gateway {

void Gateway::AuthenticateSession(std::shared_ptr<Call> call,
                                  std::string token) {
  const absl::Status ended =
      absl::UnauthenticatedError("your session has ended: sign in again");
  if (!PlausibleToken(token)) {
    Fail(call, ended);
    return;
  }
  if (ChangesState(std::string_view(call->req.method_string()))) {
    std::string_view sent = Header(call->req, kCsrfHeader);
    if (!auth::SameToken(sent, auth::CsrfTokenFor(token))) {
      Fail(call, absl::PermissionDeniedError(
                     "a change made with the session cookie needs the "
                     "X-CSRF-Token header: the value of the briefdesk_csrf "
                     "cookie, or csrfToken from signing in"));
      return;
    }
  }
  call->key = AuthCache::KeyOf(token);  // the session's own rate limit
  backends_->AuthenticateSession(
      token, call->request_id,
      [this, call, ended](const grpc::Status& s, directory::v1::Principal p) {
        if (!s.ok()) {
          Fail(call, s.error_code() == grpc::StatusCode::UNAUTHENTICATED
                         ? ended
                         : rpc::FromGrpcStatus(s));
          return;
        }
        call->principal = std::move(p);
        Authenticated(call);
      });
}

bool Gateway::SecureCookies(const Call& call) const {
  return options_.public_url.rfind("https://", 0) == 0 ||
         Header(call.req, "X-Forwarded-Proto") == "https";
}

void Gateway::SessionCookies(const Call& call,
                             google::protobuf::Message* answer,
                             Response* res) const {
  const RouteFields& f = call.found.route->fields;
  const auto* refl = answer->GetReflection();
  if (f.session_token != nullptr) {
    std::string token = refl->GetString(*answer, f.session_token);
    refl->ClearField(answer, f.session_token);  // a cookie, never the body
    if (token.empty()) return;
    std::string csrf = auth::CsrfTokenFor(token);
    refl->SetString(answer, f.csrf_token, csrf);
    for (const std::string& c : SignInCookies(token, csrf, SecureCookies(call)))
      res->insert(http::field::set_cookie, c);
    res->set(http::field::cache_control, "no-store");
  }
  if (f.signed_out != nullptr && refl->GetBool(*answer, f.signed_out)) {
    for (const std::string& c : SignOutCookies(SecureCookies(call)))
      res->insert(http::field::set_cookie, c);
  }
}

bool Gateway::WithinPublicLimit(const std::shared_ptr<Call>& call) {
  call->quota = public_limiter_.Take("address:" + call->peer, Clock::now());
  if (call->quota.allowed) return true;
  std::string seconds = std::to_string(call->quota.retry_after);
  Fail(call, WithHeader(absl::ResourceExhaustedError(
                            "too many attempts from your network address: try "
                            "again in " +
                            seconds + " seconds"),
                        "Retry-After", seconds));
  return false;
}

}  // namespace briefdesk::gateway
