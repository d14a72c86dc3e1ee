// The gateway's request handling: a function of the HTTP request that calls
// back with the response. It knows nothing of sockets (http_server.h does the
// I/O), so every route is testable with a request value.
#ifndef BRIEFDESK_SERVICES_GATEWAY_GATEWAY_H_
#define BRIEFDESK_SERVICES_GATEWAY_GATEWAY_H_

#include <atomic>
#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "libs/metrics/metrics.h"
#include "services/gateway/app_assets.h"
#include "services/gateway/auth_cache.h"
#include "services/gateway/backend.h"
#include "services/gateway/cors.h"
#include "services/gateway/route_table.h"

namespace briefdesk::gateway {

namespace http = boost::beast::http;
class PublishedCache;
struct PublishedAnswer;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct GatewayOptions {
  std::chrono::milliseconds auth_cache_ttl{5000};
  // Per API key; key revocation has an allowance of its own.
  int rate_limit_per_minute = 600;
  // Origins allowed to call the API from a browser (CORS); none by default.
  std::vector<std::string> cors_origins;
  // Absolute base of links in the feed and Markdown ("https://..."); from
  // the request's Host when empty.
  std::string public_url;
  // The published answers as served (main wires it to the watch of the
  // briefs service); none: every published request renders.
  PublishedCache* published_cache = nullptr;
  // Requests a minute from one client address to the routes that need no
  // key and change something (signing in, password resets, invitations,
  // unsubscribing): what guessing passwords or tokens can try.
  int public_rate_per_minute = 30;
  // The web app's files from this folder, read again for every page
  // (working on the app); the embedded ones when empty.
  std::string app_dir;
};

class Gateway {
 public:
  Gateway(RouteTable routes, Backends* backends, GatewayOptions options,
          metrics::Registry* metrics);

  // Calls `done` exactly once, possibly on a gRPC thread: the caller posts
  // the response back to its own executor. For a Server-Sent Events route
  // the response is the header and `stream` gives the body's frames.
  using Done = std::function<void(Response, std::shared_ptr<EventStream>)>;
  // `peer`: the client's address (the limit on public routes is per
  // address).
  void Handle(Request req, Done done, std::string peer = "");

  // Readiness turns false while draining, before the listener stops, and
  // kept-alive connections close after their current request.
  void SetDraining() { draining_ = true; }
  bool draining() const { return draining_; }
  // Requests accepted and not yet answered.
  int in_flight() const { return in_flight_; }

  const RouteTable& routes() const { return routes_; }

  // The route table of the services the gateway fronts and its own routes.
  static RouteTable DefaultRoutes();

 private:
  struct Call;
  void Serve(std::shared_ptr<Call> call);
  // OPTIONS: a CORS preflight, or the methods of a path.
  void AnswerOptions(std::shared_ptr<Call> call);
  void Authenticate(std::shared_ptr<Call> call);
  // gateway_sessions.cc: a web-app session's cookie (and, for a change,
  // its CSRF token) instead of an API key.
  void AuthenticateSession(std::shared_ptr<Call> call, std::string token);
  // The cookies a session route's answer sets or clears.
  void SessionCookies(const Call& call, google::protobuf::Message* answer,
                      Response* res) const;
  bool SecureCookies(const Call& call) const;
  // A public route that changes something, within its address's allowance.
  bool WithinPublicLimit(const std::shared_ptr<Call>& call);
  void Authenticated(std::shared_ptr<Call> call);
  // gateway_dispatch.cc: a JSON route through its RPC.
  void Dispatch(std::shared_ptr<Call> call);
  void Answer(std::shared_ptr<Call> call, std::string bytes,
              const std::string& effects);
  // An answer whose error_field the service set: the status of its code,
  // the whole answer as the body.
  void AnswerError(std::shared_ptr<Call> call,
                   const google::protobuf::Message& answer);
  void HandleOwn(std::shared_ptr<Call> call);
  // The gateway's own routes that need a key or a session.
  void HandleOwnAuthenticated(std::shared_ptr<Call> call);
  void OpenStream(std::shared_ptr<Call> call);
  // preview_routes.cc: POST /v1/briefs:preview.
  void ServePreview(std::shared_ptr<Call> call);
  void ServeExport(std::shared_ptr<Call> call);  // export_routes.cc
  // GET /published, /published/feed.atom, /published/{slug}[.md].
  void ServePublished(std::shared_ptr<Call> call);
  // invitation_routes.cc: GET and POST /invitations/{token}.
  void ServeInvitation(std::shared_ptr<Call> call);
  // app_routes.cc: the web app's page and files under /app/, and / (which
  // leads there).
  void ServeApp(std::shared_ptr<Call> call);
  std::shared_ptr<const AppAssets> App();
  // published_routes.cc: 200 with the answer's headers, or 304.
  void AnswerPublished(std::shared_ptr<Call> call,
                       const PublishedAnswer& answer);
  // After a route's RPC succeeded: a publication, return or retraction
  // drops the published answers it changed from this gateway's cache
  // before the client is answered (other gateways hear of it through
  // their watch of the briefs service).
  void PublishedChanged(const Route& route,
                        const google::protobuf::Message& answer);
  std::string BaseUrl(const Call& call) const;
  void Finish(std::shared_ptr<Call> call, Response res,
              std::shared_ptr<EventStream> stream = nullptr);
  // Every failure's answer: http_errors.h's HttpError of the status.
  void Fail(std::shared_ptr<Call> call, const absl::Status& status);
  void Record(const Call& call, const Response& res);

  RouteTable routes_;
  Backends* backends_;
  GatewayOptions options_;
  metrics::Registry* metrics_;
  AuthCache auth_cache_;
  RateLimiter rate_limiter_;
  // Revocation's own allowance: flooding with a stolen key cannot keep its
  // owner from revoking it.
  RateLimiter revoke_limiter_;
  RateLimiter public_limiter_;
  std::mutex app_mu_;
  std::shared_ptr<const AppAssets> app_;
  CorsPolicy cors_;
  std::string openapi_;
  std::atomic<bool> draining_{false};
  std::atomic<int> in_flight_{0};
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_GATEWAY_H_
