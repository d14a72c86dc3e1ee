#include "services/gateway/gateway.h"

#include <google/protobuf/dynamic_message.h>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "absl/strings/numbers.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/rpc/rpc.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/openapi.h"
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
  return auth::NewId();
}

std::string_view Header(const Request& req, http::field f) {
  auto it = req.find(f);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

std::string_view Header(const Request& req, const char* name) {
  auto it = req.find(name);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

bool IsJson(std::string_view content_type) {
  return content_type.empty() ||
         content_type.rfind("application/json", 0) == 0;
}

}  // namespace

RouteTable Gateway::DefaultRoutes() {
  auto table = RouteTable::ForServices(
      {directory::v1::User::descriptor()->file()->FindServiceByName(
           "Directory"),
       briefs::v1::Brief::descriptor()->file()->FindServiceByName("Briefs"),
       review::v1::Task::descriptor()->file()->FindServiceByName("Reviews"),
       notification::v1::Notification::descriptor()->file()->FindServiceByName(
           "Notifications")});
  RouteTable routes = table.ok() ? std::move(*table) : RouteTable();
  routes.AddOwn("GET", "/v1/notifications:stream",
                "The caller's notifications as Server-Sent Events; "
                "Last-Event-ID resumes",
                false);
  routes.AddOwn("GET", "/published",
                "HTML index of published briefs, newest first; ?topic= and "
                "?cohort= filter",
                true);
  routes.AddOwn("GET", "/published/feed.atom",
                "Atom feed of the latest publications and retractions", true);
  routes.AddOwn("GET", "/published/{slug}", "A published brief as a page",
                true);
  routes.AddOwn("GET", "/published/{slug}.md",
                "A published brief as one Markdown document", true);
  routes.AddOwn("GET", "/v1/openapi.json", "This document", true);
  routes.AddOwn("GET", "/healthz", "The process is alive", true);
  routes.AddOwn("GET", "/readyz", "Every backend is reachable", true);
  routes.AddOwn("GET", "/metrics", "Prometheus metrics", true);
  return routes;
}

Gateway::Gateway(RouteTable routes, Backends* backends, GatewayOptions options,
                 metrics::Registry* metrics)
    : routes_(std::move(routes)),
      backends_(backends),
      options_(options),
      metrics_(metrics),
      auth_cache_(options.auth_cache_ttl, 100000),
      rate_limiter_(options.rate_limit_per_minute),
      openapi_(OpenApiJson(routes_)) {
  metrics_->Describe("briefdesk_http_requests_total", "counter",
                     "HTTP requests answered, by route, method and status.");
  metrics_->Describe("briefdesk_http_request_duration_seconds", "histogram",
                     "HTTP request latency, by route and method.");
}

void Gateway::Handle(Request req, Done done) {
  ++in_flight_;
  auto call = std::make_shared<Call>();
  call->req = std::move(req);
  call->done = std::move(done);
  call->request_id = RequestId(call->req);
  std::string_view target(call->req.target().data(),
                          call->req.target().size());
  size_t q = target.find('?');
  call->path = target.substr(0, q);
  if (q != std::string_view::npos) call->query = target.substr(q + 1);
  Serve(std::move(call));
}

void Gateway::Serve(std::shared_ptr<Call> call) {
  std::string method(call->req.method_string());
  call->found = routes_.Find(method, call->path);
  if (call->found.route == nullptr) {
    if (!call->found.allowed_methods.empty()) {
      std::string allow;
      for (const auto& m : call->found.allowed_methods) {
        allow += (allow.empty() ? "" : ", ") + m;
      }
      Response res;
      res.set(http::field::allow, allow);
      common::v1::ErrorDetails none;
      res.result(405);
      res.body() = ErrorJson(absl::StatusCode::kUnimplemented,
                             method + " is not allowed here; allowed: " + allow,
                             none);
      // 405's code: the method is not implemented for this resource.
      Finish(call, std::move(res));
      return;
    }
    Fail(call, absl::NotFoundError("no route for " + method + " " +
                                   std::string(call->path)));
    return;
  }
  if (call->found.route->http.public_()) {
    HandleOwn(call);
    return;
  }
  std::string_view authz = Header(call->req, http::field::authorization);
  if (authz.rfind("Bearer ", 0) != 0 || authz.size() <= 7) {
    Fail(call, absl::UnauthenticatedError(
                   "send Authorization: Bearer <api key>"));
    return;
  }
  std::string key(authz.substr(7));
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
  if (auto wait = rate_limiter_.Take(call->principal.user_id(), Clock::now())) {
    Response res;
    res.set(http::field::retry_after, std::to_string(*wait));
    res.result(429);
    res.body() = ErrorJson(absl::StatusCode::kResourceExhausted,
                           "rate limit reached; retry after " +
                               std::to_string(*wait) + " s",
                           {});
    Finish(call, std::move(res));
    return;
  }
  Dispatch(std::move(call));
}

void Gateway::Dispatch(std::shared_ptr<Call> call) {
  const Route& route = *call->found.route;
  if (route.method == nullptr) {  // the gateway's own authenticated route
    OpenStream(std::move(call));
    return;
  }
  if (!call->req.body().empty() &&
      !IsJson(Header(call->req, http::field::content_type))) {
    Fail(call, absl::InvalidArgumentError("send Content-Type: application/json"),
         415);
    return;
  }
  const auto* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          route.method->input_type());
  std::unique_ptr<google::protobuf::Message> request(prototype->New());
  HttpInput in{call->found.params, call->query, call->req.body(),
               Header(call->req, http::field::if_match)};
  if (absl::Status s = BuildRequest(route, in, request.get()); !s.ok()) {
    bool missing_if_match = s.code() == absl::StatusCode::kFailedPrecondition;
    Fail(call, s, missing_if_match ? 428 : 0);
    return;
  }
  CallMetadata md;
  md.principal = &call->principal;
  md.request_id = call->request_id;
  std::string_view idem = Header(call->req, "Idempotency-Key");
  if (route.http.idempotent() && !idem.empty()) {
    bool ok = idem.size() <= 255;
    for (char c : idem) ok = ok && c >= 32 && c < 127;
    if (!ok) {
      Fail(call, rpc::FieldError("Idempotency-Key",
                                 "at most 255 printable ASCII characters"));
      return;
    }
    md.idempotency_key = std::string(idem);
  }
  backends_->Call(
      route.service, route.rpc, request->SerializeAsString(), md,
      [this, call](const grpc::Status& s, std::string bytes) {
        if (!s.ok()) {
          Fail(call, rpc::FromGrpcStatus(s));
          return;
        }
        const Route& r = *call->found.route;
        std::unique_ptr<google::protobuf::Message> out(
            google::protobuf::MessageFactory::generated_factory()
                ->GetPrototype(r.method->output_type())
                ->New());
        if (!out->ParseFromString(bytes)) {
          Fail(call, absl::InternalError("unreadable answer from backend"));
          return;
        }
        Response res;
        int status = r.http.status() ? r.http.status() : 200;
        if (!r.http.empty_unless().empty() &&
            !HasField(*out, r.http.empty_unless())) {
          status = 204;
        }
        res.result(status);
        if (status != 204) res.body() = ToJson(*out);
        if (!r.http.etag().empty()) {
          std::string etag = FieldString(*out, r.http.etag());
          if (!etag.empty()) res.set(http::field::etag, "\"" + etag + "\"");
        }
        if (!r.http.location().empty()) {
          std::string loc = FillTemplate(r.http.location(), *out);
          if (!loc.empty()) res.set(http::field::location, loc);
        }
        Finish(call, std::move(res));
      });
}

void Gateway::HandleOwn(std::shared_ptr<Call> call) {
  const std::string& path = call->found.route->http.path();
  if (path.rfind("/published", 0) == 0) {
    ServePublished(std::move(call));
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
    res.body() = metrics_->Render();
  } else if (path == "/readyz") {
    if (draining_) {
      Fail(call, absl::UnavailableError("draining"));
      return;
    }
    backends_->CheckHealth([this, call](bool ok, std::string detail) {
      if (!ok) {
        Fail(call, absl::UnavailableError("not ready: " + detail));
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

void Gateway::OpenStream(std::shared_ptr<Call> call) {
  int64_t after = 0;
  std::string_view last = Header(call->req, "Last-Event-ID");
  if (!last.empty() &&
      !absl::SimpleAtoi(absl::string_view(last.data(), last.size()), &after)) {
    Fail(call, rpc::FieldError("Last-Event-ID", "must be an event id"));
    return;
  }
  auto stream = backends_->OpenNotificationStream(call->principal,
                                                  call->request_id, after);
  // Answer only once the service has the stream: a client told "200" is
  // subscribed, and a failure is an error answer, not a broken stream.
  stream->Open([this, call, stream](const grpc::Status& s) {
    if (!s.ok()) {
      Fail(call, rpc::FromGrpcStatus(s));
      return;
    }
    Response res;
    res.result(200);
    res.set(http::field::content_type, "text/event-stream; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    Finish(call, std::move(res), stream);
  });
}

void Gateway::Fail(std::shared_ptr<Call> call, const absl::Status& given,
                   int http_status) {
  const Route* route = call->found.route;
  // The gateway never cancels a call it still answers: CANCELLED comes from
  // a service that stopped (its grace period ran out), so the client may
  // retry, with its Idempotency-Key when it creates.
  absl::Status status =
      given.code() == absl::StatusCode::kCancelled
          ? absl::UnavailableError("the service stopped while handling the "
                                   "request; retry it")
          : given;
  Response res;
  res.result(http_status ? http_status : HttpStatus(status.code(), route));
  if (res.result_int() == 503) res.set(http::field::retry_after, "1");
  res.body() =
      ErrorJson(status.code(), std::string(status.message()),
                rpc::DetailsOf(status));
  if (res.result_int() >= 500) {
    logging::Warn("request_failed",
                  {{"request_id", call->request_id},
                   {"status", std::to_string(res.result_int())},
                   {"error", std::string(status.message())}});
  }
  Finish(std::move(call), std::move(res));
}

void Gateway::Finish(std::shared_ptr<Call> call, Response res,
                     std::shared_ptr<EventStream> stream) {
  res.version(call->req.version());
  res.set(http::field::server, "briefdesk");
  res.set("X-Request-Id", call->request_id);
  if (res[http::field::content_type].empty() && !res.body().empty()) {
    res.set(http::field::content_type, kJson);
  }
  if (!stream) res.prepare_payload();
  const std::string route = call->found.route != nullptr
                                ? call->found.route->http.path()
                                : std::string("unmatched");
  // Unmatched requests share one series, whatever method they invented.
  const std::string method = call->found.route != nullptr
                                 ? call->found.route->http.method()
                                 : std::string("other");
  std::string labels = "route=\"" + metrics::EscapeLabel(route) +
                       "\",method=\"" + method + "\"";
  metrics_->Count("briefdesk_http_requests_total",
                  labels + ",code=\"" + std::to_string(res.result_int()) + "\"");
  double seconds =
      std::chrono::duration<double>(Clock::now() - call->start).count();
  metrics_->Observe("briefdesk_http_request_duration_seconds", labels,
                    seconds);
  logging::Info("request", {{"request_id", call->request_id},
                            {"method", method},
                            {"route", route},
                            {"status", std::to_string(res.result_int())},
                            {"user_id", call->principal.user_id()},
                            {"ms", std::to_string(int(seconds * 1000))}});
  call->done(std::move(res), std::move(stream));
  --in_flight_;
}

}  // namespace briefdesk::gateway
