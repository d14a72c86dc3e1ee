// Field validation shared by the briefs and directory services. Each check
// returns INVALID_ARGUMENT naming the field in JSON notation.
#ifndef BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_
#define BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/text/text.h"

namespace briefdesk::briefs {

// A topic slug: ^[a-z0-9-]{1,64}$.
absl::Status ValidateTopic(std::string_view field, std::string_view topic);
// Text (libs/text: UTF-8, no control characters but tab and newline, one
// line unless `lines` says many) of at most `max` code points; `min` 1
// makes it required (blank fails).
absl::Status ValidateText(std::string_view field, std::string_view text,
                          size_t min, size_t max,
                          text::Lines lines = text::Lines::kOne);
absl::Status ValidateSections(const v1::Sections& s);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_
