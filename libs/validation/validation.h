// Field validation every service shares. Each check returns INVALID_ARGUMENT
// naming the field in JSON notation ("modules[2].title"), the detail the
// gateway shows in the REST error body.
#ifndef BRIEFDESK_LIBS_VALIDATION_VALIDATION_H_
#define BRIEFDESK_LIBS_VALIDATION_VALIDATION_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "libs/text/text.h"

namespace briefdesk::validation {

// A topic slug: ^[a-z0-9-]{1,64}$.
absl::Status ValidateTopic(std::string_view field, std::string_view topic);
// Text (libs/text: UTF-8, no control characters but tab and newline, one
// line unless `lines` says many) of at most `max` code points; `min` 1
// makes it required (blank fails).
absl::Status ValidateText(std::string_view field, std::string_view text,
                          size_t min, size_t max,
                          text::Lines lines = text::Lines::kOne);
// An e-mail address as people type them: 3 to 254 characters, one '@'
// with something on each side, no spaces, commas or angle brackets.
absl::Status ValidateEmail(std::string_view field, std::string_view email);
// The address as it is stored and compared: trimmed, the domain in lower
// case (the local part is the mail server's to interpret, but every
// server people use ignores its case too, so it is lowered as well).
std::string CanonicalEmail(std::string_view email);
// A language tag of BCP 47's shape (a language, then subtags), not checked
// against its registry: "en", "fr-CI", "es-419".
absl::Status ValidateLanguage(std::string_view field, std::string_view tag);

}  // namespace briefdesk::validation

#endif  // BRIEFDESK_LIBS_VALIDATION_VALIDATION_H_
