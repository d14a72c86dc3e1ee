// Field validation of briefs (libs/validation has the checks every
// service shares). Each check
// returns INVALID_ARGUMENT naming the field in JSON notation.
#ifndef BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_
#define BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/text/text.h"
#include "libs/validation/validation.h"

namespace briefdesk::briefs {

using validation::ValidateEmail;
using validation::ValidateText;
using validation::ValidateTopic;

absl::Status ValidateSections(const v1::Sections& s);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_VALIDATION_H_
