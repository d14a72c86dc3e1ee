#include "services/gateway/session_cookies.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace briefdesk::gateway {
namespace {

std::string Attributes(bool secure) {
  return secure ? "; Path=/; SameSite=Lax; Secure" : "; Path=/; SameSite=Lax";
}

}  // namespace

std::optional<std::string_view> CookieValue(std::string_view header,
                                            std::string_view name) {
  for (absl::string_view pair :
       absl::StrSplit(absl::string_view(header.data(), header.size()), ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) continue;
    if (absl::StripAsciiWhitespace(pair.substr(0, eq)) !=
        absl::string_view(name.data(), name.size()))
      continue;
    absl::string_view value = absl::StripAsciiWhitespace(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string_view(value.data(), value.size());
  }
  return std::nullopt;
}

std::vector<std::string> SignInCookies(std::string_view token,
                                       std::string_view csrf, bool secure) {
  return {
      std::string(kSessionCookie) + "=" + std::string(token) +
          Attributes(secure) + "; HttpOnly",
      std::string(kCsrfCookie) + "=" + std::string(csrf) + Attributes(secure)};
}

std::vector<std::string> SignOutCookies(bool secure) {
  const char* gone = "=; Max-Age=0";
  return {absl::StrCat(kSessionCookie, gone, Attributes(secure), "; HttpOnly"),
          absl::StrCat(kCsrfCookie, gone, Attributes(secure))};
}

bool PlausibleToken(std::string_view token) {
  if (token.empty() || token.size() > 256) return false;
  for (char c : token) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace briefdesk::gateway
