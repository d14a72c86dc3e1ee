// How a request is framed (RFC 9112), checked before anything reads its
// body: what a server must refuse so that it and a proxy in front of it can
// never disagree about where one request ends and the next begins. Pure.
#ifndef BRIEFDESK_SERVICES_GATEWAY_REQUEST_FRAMING_H_
#define BRIEFDESK_SERVICES_GATEWAY_REQUEST_FRAMING_H_

#include <boost/beast/http.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace briefdesk::gateway {

struct FramingError {
  int status;  // 400, or 501 for a transfer coding not implemented
  std::string message;
};

// The raw header block, request line to the empty line: obsolete line
// folding (a field line that starts with a space or tab, RFC 9112 §5.2) is
// refused, since parsers disagree about it.
std::optional<FramingError> CheckRawHeader(std::string_view raw);

// The parsed header: exactly one Host in HTTP/1.1 (at most one in 1.0),
// and a Transfer-Encoding, if any, that is exactly "chunked" in an HTTP/1.1
// request (RFC 9112 §6.3: with another final coding the length of the body
// cannot be known; 400 and close).
std::optional<FramingError> CheckHeader(
    const boost::beast::http::request_header<>& header);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_REQUEST_FRAMING_H_
