#include "services/gateway/gateway.h"

#include <cstdio>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "libs/logging/logging.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/invitation_pages.h"
#include "services/gateway/openapi.h"
#include "services/gateway/publishing.h"
#include "services/gateway/request_checks.h"
#include "services/gateway/session_cookies.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// A client's X-Request-Id is echoed when it is short and printable.
std::string RequestId(const Request& req) {
  auto it = req.find("X-Request-Id");
  if (it != req.end()) {
    std::string_view v(it->value().data(), it->value().size());
    bool ok = !v.empty() && v.size() <= 128;
    for (char c : v) ok = ok && c > 32 && c < 127;
    if (ok) return std::string(v);
  }
  // Unique, not secret: the time and 48 bits of a per-thread generator,
  // as auth::NewId lays them out, without a system call per request.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  char id[25];
  snprintf(id, sizeof id, "%012llx%012llx",
           static_cast<unsigned long long>(ms & 0xffffffffffffULL),
           static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return std::string(id, 24);
}

}  // namespace

Gateway::Gateway(RouteTable routes, Backends* backends, GatewayOptions options,
                 metrics::Registry* metrics)
    : routes_(std::move(routes)),
      backends_(backends),
      options_(options),
      metrics_(metrics),
      auth_cache_(options.auth_cache_ttl, 100000),
      rate_limiter_(options.rate_limit_per_minute),
      revoke_limiter_(options.rate_limit_per_minute),
      public_limiter_(options.public_rate_per_minute),
      cors_(options.cors_origins),
      openapi_(OpenApiJson(routes_, options.public_url)) {
  metrics_->Describe("briefdesk_http_requests_total", "counter",
                     "HTTP requests answered, by route, method and status.");
  metrics_->Describe("briefdesk_http_request_duration_seconds", "histogram",
                     "HTTP request latency, by route and method.");
}

void Gateway::Handle(Request req, Done done, std::string peer) {
  ++in_flight_;
  auto call = std::make_shared<Call>();
  call->req = std::move(req);
  call->done = std::move(done);
  call->peer = std::move(peer);
  call->request_id = RequestId(call->req);
  call->head = call->req.method() == http::verb::head;
  std::string_view target(call->req.target().data(), call->req.target().size());
  auto parsed = ParseTarget(target);
  if (!parsed.ok()) {
    Fail(call, parsed.status());
    return;
  }
  call->path = parsed->path;
  call->query = parsed->query;
  if (call->req.method() == http::verb::options) {
    AnswerOptions(std::move(call));
    return;
  }
  Serve(std::move(call));
}

void Gateway::Serve(std::shared_ptr<Call> call) {
  if (call->path == "/" || call->path == "/app" ||
      call->path.rfind("/app/", 0) == 0) {
    ServeApp(std::move(call));
    return;
  }
  std::string method(call->req.method_string());
  call->found = routes_.Find(method, call->path);
  if (call->found.route == nullptr) {
    if (!call->found.allowed_methods.empty()) {
      std::string allow = absl::StrJoin(call->found.allowed_methods, ", ");
      // 405's code: the method is not implemented for this resource.
      absl::Status refused = absl::UnimplementedError(
          method + " is not allowed here; allowed: " + allow);
      Fail(call, WithHeader(WithHttpStatus(refused, 405), "Allow", allow));
      return;
    }
    Fail(call, absl::NotFoundError("no route for " + method + " " +
                                   std::string(call->path.substr(0, 200))));
    return;
  }
  if (absl::Status s = CheckPathParams(call->found); !s.ok()) {
    Fail(call, s);
    return;
  }
  const Route& route = *call->found.route;
  if (route.http.public_() && route.http.method() != "GET" &&
      !WithinPublicLimit(call)) {
    return;
  }
  if (route.http.public_() && route.method == nullptr) {
    HandleOwn(std::move(call));
    return;
  }
  // A public RPC route (an invitation's acceptance, the one-click
  // unsubscribe) goes to its service without a principal: its token is
  // the credential. A key sent anyway is not looked at, so a stale one
  // cannot stand in the way; the service sees an anonymous call.
  if (route.http.public_()) {
    Dispatch(std::move(call));
    return;
  }
  Authenticate(std::move(call));
}

void Gateway::AnswerOptions(std::shared_ptr<Call> call) {
  // Every method a path takes, from a probe of each.
  std::vector<std::string> methods;
  for (const char* m : {"GET", "POST", "PATCH", "DELETE"}) {
    RouteTable::Found f = routes_.Find(m, call->path);
    if (f.route != nullptr) methods.push_back(m);
    if (f.route != nullptr && std::string(m) == "GET")
      methods.push_back("HEAD");
  }
  if (methods.empty()) {
    Fail(call, absl::NotFoundError("no route for " +
                                   std::string(call->path.substr(0, 200))));
    return;
  }
  Response res;
  res.result(204);
  res.set(http::field::allow, absl::StrJoin(methods, ", ") + ", OPTIONS");
  std::string_view origin = Header(call->req, http::field::origin);
  bool preflight = !origin.empty() &&
                   !Header(call->req, "Access-Control-Request-Method").empty();
  if (preflight && !cors_.Preflight(origin, methods, &res.base())) {
    Fail(call, absl::PermissionDeniedError(
                   "this origin may not call the API from a browser; an "
                   "operator lists allowed origins in BRIEFDESK_CORS_ORIGINS"));
    return;
  }
  Finish(call, std::move(res));
}

void Gateway::Authenticate(std::shared_ptr<Call> call) {
  std::string_view authz = Header(call->req, http::field::authorization);
  if (authz.empty()) {
    // No key: a signed-in browser's session cookie, if it sent one.
    if (auto token = CookieValue(Header(call->req, http::field::cookie),
                                 kSessionCookie)) {
      AuthenticateSession(std::move(call), std::string(*token));
      return;
    }
  }
  if (authz.size() <= 7 || !absl::StartsWithIgnoreCase(
                               absl::string_view(authz.data(), 7), "Bearer ")) {
    Fail(call, absl::UnauthenticatedError(
                   "sign in, or send Authorization: Bearer <api key>"));
    return;
  }
  std::string key(authz.substr(7));
  if (!PlausibleToken(key)) {  // never sent on: it is no key of ours
    Fail(call, absl::UnauthenticatedError("unknown or revoked key"));
    return;
  }
  call->key = AuthCache::KeyOf(key);
  if (auto p = auth_cache_.Get(key, Clock::now())) {
    call->principal = std::move(*p);
    Authenticated(call);
    return;
  }
  backends_->Authenticate(
      key, call->request_id,
      [this, call, key](const grpc::Status& s, directory::v1::Principal p) {
        if (!s.ok()) {
          Fail(call, s.error_code() == grpc::StatusCode::UNAUTHENTICATED
                         ? absl::UnauthenticatedError("unknown or revoked key")
                         : rpc::FromGrpcStatus(s));
          return;
        }
        auth_cache_.Put(key, p, Clock::now());
        call->principal = std::move(p);
        Authenticated(call);
      });
}

void Gateway::Authenticated(std::shared_ptr<Call> call) {
  bool revoke = call->found.route->rpc ==
                "/briefdesk.directory.v1.Directory/RevokeApiKey";
  call->quota =
      (revoke ? revoke_limiter_ : rate_limiter_).Take(call->key, Clock::now());
  if (!call->quota.allowed) {
    std::string seconds = std::to_string(call->quota.retry_after);
    Fail(call, WithHeader(absl::ResourceExhaustedError(
                              "rate limit reached for this API key; retry "
                              "after " +
                              seconds + " s"),
                          "Retry-After", seconds));
    return;
  }
  Dispatch(std::move(call));
}

void Gateway::HandleOwn(std::shared_ptr<Call> call) {
  const std::string& path = call->found.route->http.path();
  if (path.rfind("/published", 0) == 0) {
    ServePublished(std::move(call));
    return;
  }
  if (path.rfind("/invitations/", 0) == 0) {
    ServeInvitation(std::move(call));
    return;
  }
  Response res;
  res.result(200);
  if (path == "/v1/openapi.json") {
    res.body() = openapi_;
  } else if (path == "/healthz") {
    res.body() = R"({"status":"ok"})";
  } else if (path == "/metrics") {
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.body() = metrics_->Scrape();
  } else if (path == "/readyz") {
    if (draining_) {
      Fail(call, absl::UnavailableError("draining"));
      return;
    }
    backends_->CheckHealth([this, call](bool ok, std::string detail) {
      if (!ok) {
        logging::Warn("not_ready",
                      {{"request_id", call->request_id}, {"detail", detail}});
        Fail(call, absl::UnavailableError("not ready"));
        return;
      }
      Response ready;
      ready.result(200);
      ready.body() = R"({"status":"ready"})";
      Finish(call, std::move(ready));
    });
    return;
  }
  Finish(call, std::move(res));
}

void Gateway::HandleOwnAuthenticated(std::shared_ptr<Call> call) {
  if (call->found.route->http.path() == "/v1/briefs:preview") {
    ServePreview(std::move(call));
    return;
  }
  if (call->found.route->http.path() == "/v1/users/me:export") {
    ServeExport(std::move(call));
    return;
  }
  OpenStream(std::move(call));
}

void Gateway::OpenStream(std::shared_ptr<Call> call) {
  std::optional<int64_t> after;
  std::string_view last = Header(call->req, "Last-Event-ID");
  if (!last.empty()) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(absl::string_view(last.data(), last.size()), &id) ||
        id < 0) {
      Fail(call, rpc::FieldError("Last-Event-ID", "must be an event id"));
      return;
    }
    after = id;
  }
  Response res;
  res.result(200);
  res.set(http::field::content_type, "text/event-stream; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  if (call->head) {  // the headers a GET would have, and no stream
    Finish(call, std::move(res));
    return;
  }
  auto stream = backends_->OpenNotificationStream(call->principal,
                                                  call->request_id, after);
  // Answer only once the service has the stream: a client told "200" is
  // subscribed, and a failure is an error answer, not a broken stream.
  stream->Open([this, call, stream, res](const grpc::Status& s) mutable {
    if (!s.ok()) {
      Fail(call, rpc::FromGrpcStatus(s));
      return;
    }
    Finish(call, std::move(res), stream);
  });
}

void Gateway::Fail(std::shared_ptr<Call> call, const absl::Status& status) {
  ErrorResponse e = HttpError(status, {.route = call->found.route,
                                       .request_id = call->request_id,
                                       .key_sent = !call->key.empty()});
  if (!e.logged.empty()) {
    logging::Warn("request_failed", {{"request_id", call->request_id},
                                     {"status", std::to_string(e.status)},
                                     {"error", e.logged}});
  }
  Response res;
  res.result(e.status);
  for (auto& [name, value] : e.headers) res.set(name, value);
  res.set(http::field::content_type, e.content_type);
  res.body() = std::move(e.body);
  Finish(std::move(call), std::move(res));
}

void Gateway::Finish(std::shared_ptr<Call> call, Response res,
                     std::shared_ptr<EventStream> stream) {
  res.version(call->req.version());
  res.set(http::field::server, "briefdesk");
  res.set("X-Request-Id", call->request_id);
  if (call->quota.limit > 0) {
    res.set("RateLimit-Limit", std::to_string(call->quota.limit));
    res.set("RateLimit-Remaining", std::to_string(call->quota.remaining));
    res.set("RateLimit-Reset", std::to_string(call->quota.reset_seconds));
  }
  cors_.Annotate(Header(call->req, http::field::origin), &res.base());
  if (call->found.route != nullptr && call->found.route->own.secret_page) {
    for (const auto& [name, value] : InvitationHeaders()) res.set(name, value);
  }
  if (call->found.route != nullptr && call->found.route->own.app_page) {
    for (const auto& [name, value] : AppHeaders()) res.set(name, value);
  }
  // A CSV route's answers depend on Accept, whatever their kind.
  if (call->found.route != nullptr &&
      call->found.route->fields.csv_field != nullptr) {
    std::string vary(res[http::field::vary]);
    res.set(http::field::vary, vary.empty() ? "Accept" : vary + ", Accept");
  }
  if (res[http::field::content_type].empty() && !res.body().empty()) {
    res.set(http::field::content_type, kJson);
  }
  if (!stream) res.prepare_payload();
  if (call->head && !stream) {
    // The length a GET would have; the bytes themselves are not sent (and
    // a 304 or 204, which has no length, says none).
    size_t length = res.body().size();
    res.body().clear();
    if (res.result_int() != 304 && res.result_int() != 204)
      res.content_length(length);
  }
  // A 304 or 204 carries no Content-Length (RFC 9110 §8.6).
  if (res.result_int() == 304 || res.result_int() == 204) {
    res.erase(http::field::content_length);
  }
  Record(*call, res);
  call->done(std::move(res), std::move(stream));
  --in_flight_;
}

void Gateway::Record(const Call& call, const Response& res) {
  const std::string route = call.found.route != nullptr
                                ? call.found.route->http.path()
                                : std::string("unmatched");
  // Unmatched requests share one series, whatever method they invented.
  const std::string method = call.found.route == nullptr ? std::string("other")
                             : call.head                 ? std::string("HEAD")
                                         : call.found.route->http.method();
  std::string labels =
      "route=\"" + metrics::EscapeLabel(route) + "\",method=\"" + method + "\"";
  metrics_->Count(
      "briefdesk_http_requests_total",
      labels + ",code=\"" + std::to_string(res.result_int()) + "\"");
  double seconds =
      std::chrono::duration<double>(Clock::now() - call.start).count();
  metrics_->Observe("briefdesk_http_request_duration_seconds", labels, seconds);
  logging::Info("request", {{"request_id", call.request_id},
                            {"method", method},
                            {"route", route},
                            {"status", std::to_string(res.result_int())},
                            {"user_id", call.principal.user_id()},
                            {"ms", std::to_string(int(seconds * 1000))}});
}

}  // namespace briefdesk::gateway
