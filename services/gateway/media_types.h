// Media types of requests and answers beyond JSON (RFC 9110 §8.3 and
// §12.5.1): which Content-Type a raw body route takes, and whether the
// Accept header of a request to a CSV route prefers text/csv. Pure
// functions.
#ifndef BRIEFDESK_SERVICES_GATEWAY_MEDIA_TYPES_H_
#define BRIEFDESK_SERVICES_GATEWAY_MEDIA_TYPES_H_

#include <optional>
#include <string>
#include <string_view>

namespace briefdesk::gateway {

// Whether `content_type` names the media type `type` ("text/csv", any case)
// as UTF-8: a charset parameter, if any, is utf-8; other parameters
// (text/csv's header=present) are allowed.
bool IsUtf8MediaType(std::string_view content_type, std::string_view type);

// Whether an Accept header prefers text/csv to application/json: the
// quality each gets from its most specific matching range (type/subtype,
// then type/*, then */*), CSV strictly higher. No header, "*/*" and ties
// mean JSON; so does an Accept that allows neither (the gateway answers
// JSON then, as on every route, rather than 406). A range with a malformed
// q is ignored.
bool PrefersCsv(std::string_view accept);

// Why a raw text body is not acceptable, naming the line ("line 3 is not
// valid UTF-8 (at character 5)"), or nullopt: valid UTF-8 without control
// characters but tab, carriage return and newline (CSV ends lines with
// CRLF). A byte order mark is text like any other and is kept.
std::optional<std::string> RawTextProblem(std::string_view body);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_MEDIA_TYPES_H_
