#include "services/gateway/cors.h"

#include <boost/url/parse.hpp>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace briefdesk::gateway {

namespace http = boost::beast::http;

bool CorsPolicy::Allows(std::string_view origin) const {
  for (const std::string& o : origins_) {
    if (o == origin) return true;
  }
  return false;
}

void CorsPolicy::Annotate(std::string_view origin, http::fields* h) const {
  if (!enabled()) return;
  h->set(http::field::vary, "Origin");
  if (origin.empty() || !Allows(origin)) return;
  h->set(http::field::access_control_allow_origin,
         std::string(origin.data(), origin.size()));
  h->set(http::field::access_control_expose_headers, kExposeHeaders);
}

bool CorsPolicy::Preflight(std::string_view origin,
                           const std::vector<std::string>& methods,
                           http::fields* h) const {
  if (!Allows(origin)) return false;
  Annotate(origin, h);
  h->set(http::field::access_control_allow_methods,
         absl::StrJoin(methods, ", "));
  h->set(http::field::access_control_allow_headers, kAllowHeaders);
  h->set(http::field::access_control_max_age, "600");
  return true;
}

std::vector<std::string> ParseOrigins(std::string_view list,
                                      std::string* error) {
  std::vector<std::string> out;
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(list.data(), list.size()), ',',
                      absl::SkipWhitespace())) {
    std::string origin(absl::StripAsciiWhitespace(item));
    auto url = boost::urls::parse_absolute_uri(origin);
    bool ok = url && (url->scheme() == "http" || url->scheme() == "https") &&
              url->has_authority() && !url->has_userinfo() &&
              url->encoded_path().empty() && !url->has_query() &&
              !url->has_fragment() && !url->host().empty();
    if (!ok) {
      *error = "BRIEFDESK_CORS_ORIGINS: '" + origin +
               "' is not an origin such as https://app.example.org";
      return {};
    }
    out.push_back(origin);
  }
  return out;
}

}  // namespace briefdesk::gateway
