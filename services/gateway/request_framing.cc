#include "services/gateway/request_framing.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace briefdesk::gateway {

namespace http = boost::beast::http;

std::optional<FramingError> CheckRawHeader(std::string_view raw) {
  while (raw.rfind("\r\n", 0) == 0) raw.remove_prefix(2);  // RFC 9112 §2.2
  size_t line = raw.find("\r\n");
  while (line != std::string_view::npos && line + 2 < raw.size()) {
    char first = raw[line + 2];
    if (first == '\r') break;  // the empty line: the end of the header
    if (first == ' ' || first == '\t') {
      return FramingError{
          400,
          "a header field line starts with whitespace (obsolete line "
          "folding); send each field on one line"};
    }
    line = raw.find("\r\n", line + 2);
  }
  return std::nullopt;
}

std::optional<FramingError> CheckHeader(const http::request_header<>& h) {
  size_t hosts = h.count(http::field::host);
  if (hosts > 1) return FramingError{400, "more than one Host header"};
  if (hosts == 0 && h.version() >= 11) {
    return FramingError{400, "an HTTP/1.1 request needs a Host header"};
  }
  if (h.count(http::field::transfer_encoding) == 0) return std::nullopt;
  if (h.version() < 11) {
    return FramingError{400, "Transfer-Encoding is not allowed in HTTP/1.0"};
  }
  if (h.count(http::field::transfer_encoding) > 1) {
    return FramingError{400, "more than one Transfer-Encoding header"};
  }
  std::vector<std::string> codings;
  for (absl::string_view c : absl::StrSplit(
           absl::string_view(h[http::field::transfer_encoding].data(),
                             h[http::field::transfer_encoding].size()),
           ',', absl::SkipWhitespace())) {
    codings.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(c)));
  }
  if (codings.empty() || codings.back() != "chunked") {
    return FramingError{400,
                        "Transfer-Encoding must end with chunked; the length "
                        "of this body cannot be known"};
  }
  if (codings.size() > 1) {
    return FramingError{501, "only the chunked transfer coding is implemented"};
  }
  return std::nullopt;
}

}  // namespace briefdesk::gateway
