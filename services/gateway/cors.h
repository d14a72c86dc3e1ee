// Cross-origin requests from browsers (the Fetch standard's CORS protocol):
// an allow-list of origins, empty by default, so that only the web apps an
// operator names may call the API from another origin. Pure.
#ifndef BRIEFDESK_SERVICES_GATEWAY_CORS_H_
#define BRIEFDESK_SERVICES_GATEWAY_CORS_H_

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace briefdesk::gateway {

class CorsPolicy {
 public:
  // Origins as browsers send them: "https://app.example.org" (scheme, host
  // and port when not the default), compared exactly.
  explicit CorsPolicy(std::vector<std::string> origins = {})
      : origins_(std::move(origins)) {}

  bool enabled() const { return !origins_.empty(); }
  bool Allows(std::string_view origin) const;

  // The headers of an answer to a request with this Origin (none when the
  // origin is not allowed; Vary whenever the policy is on, since the
  // answer depends on Origin).
  void Annotate(std::string_view origin,
                boost::beast::http::fields* headers) const;

  // The headers of a preflight's answer for a route that takes `methods`;
  // false when the origin is not allowed.
  bool Preflight(std::string_view origin,
                 const std::vector<std::string>& methods,
                 boost::beast::http::fields* headers) const;

  // What a browser may send and read across origins.
  static constexpr char kAllowHeaders[] =
      "Authorization, Content-Type, If-Match, If-None-Match, "
      "Idempotency-Key, Last-Event-ID, X-Request-Id, X-CSRF-Token";
  static constexpr char kExposeHeaders[] =
      "ETag, Location, Retry-After, X-Request-Id, RateLimit-Limit, "
      "RateLimit-Remaining, RateLimit-Reset, X-BriefDesk-Effects, "
      "WWW-Authenticate";

 private:
  std::vector<std::string> origins_;
};

// BRIEFDESK_CORS_ORIGINS: comma-separated origins; each must be
// scheme://host[:port] with http or https and nothing else.
std::vector<std::string> ParseOrigins(std::string_view list,
                                      std::string* error);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_CORS_H_
