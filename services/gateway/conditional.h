// Conditional requests (RFC 9110 §13): the If-Match and If-None-Match
// headers as lists of entity tags, and how they compare. Pure.
#ifndef BRIEFDESK_SERVICES_GATEWAY_CONDITIONAL_H_
#define BRIEFDESK_SERVICES_GATEWAY_CONDITIONAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::gateway {

// `"*"` or a comma-separated list of entity tags, each `"opaque"` or
// `W/"opaque"`. Tags are kept without their quotes.
struct EntityTags {
  bool any = false;                 // "*"
  std::vector<std::string> strong;  // "3-4"
  std::vector<std::string> weak;    // W/"3-4"
};

// INVALID_ARGUMENT on field `header` when the value is not such a list.
absl::StatusOr<EntityTags> ParseEntityTags(std::string_view value,
                                           std::string_view header);

// If-None-Match uses the weak comparison: true when `current` (a quoted
// ETag header value, "\"3-4\"" or W/"3-4") is in the list, or the list is
// "*". A GET whose If-None-Match matches answers 304.
bool NoneMatch(const EntityTags& tags, std::string_view current);

// Whether a GET's If-None-Match header value still names `etag` (a quoted
// ETag header value): answer 304. A malformed or empty one never matches.
bool NotModified(std::string_view if_none_match, std::string_view etag);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_CONDITIONAL_H_
