// The web app's cookies: briefdesk_session (HttpOnly: the session's
// token, which scripts never see) and briefdesk_csrf (readable by the
// app's scripts, which send it back in X-CSRF-Token on every change; a
// page of another site can neither read it nor guess it). Both are
// SameSite=Lax, Path=/, Secure behind TLS, and last as long as the browser
// session (the session itself ends sooner when unused: docs/sessions.md).
#ifndef BRIEFDESK_SERVICES_GATEWAY_SESSION_COOKIES_H_
#define BRIEFDESK_SERVICES_GATEWAY_SESSION_COOKIES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace briefdesk::gateway {

inline constexpr char kSessionCookie[] = "briefdesk_session";
inline constexpr char kCsrfCookie[] = "briefdesk_csrf";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or nullopt.
std::optional<std::string_view> CookieValue(std::string_view header,
                                            std::string_view name);
// The Set-Cookie values that sign a browser in.
std::vector<std::string> SignInCookies(std::string_view token,
                                       std::string_view csrf, bool secure);
// The Set-Cookie values that remove both cookies.
std::vector<std::string> SignOutCookies(bool secure);
// API keys and session tokens are printable ASCII (bdk_/bds_ and URL-safe
// base64, or an operator's BRIEFDESK_ADMIN_API_KEY), at most 256
// characters; anything else is refused rather than sent to the directory
// in a string field.
bool PlausibleToken(std::string_view token);
// Whether a request with this method changes anything (and so needs the
// CSRF token when a cookie authenticates it).
bool ChangesState(std::string_view method);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_SESSION_COOKIES_H_
