#include "libs/validation/validation.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::validation {
namespace {

// Debian's abseil has its own string_view, which std's does not convert to.
std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

absl::Status ValidateTopic(std::string_view field, std::string_view topic) {
  if (topic.empty() || topic.size() > 64) {
    return rpc::FieldError(field, "must be 1 to 64 characters of a-z, 0-9, -");
  }
  for (char c : topic) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return rpc::FieldError(
          field, "must match ^[a-z0-9-]{1,64}$, e.g. social-protection");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateText(std::string_view field, std::string_view value,
                          size_t min, size_t max, text::Lines lines) {
  if (auto problem = text::Problem(value, lines)) {
    return rpc::FieldError(field, *problem);
  }
  size_t n = text::CodePoints(value);
  if (min > 0 && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return rpc::FieldError(field, "is required");
  }
  if (n < min || n > max) {
    return rpc::FieldError(
        field, absl::StrCat("must be ", min, " to ", max, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEmail(std::string_view field, std::string_view email) {
  if (absl::Status s = ValidateText(field, email, 3, 254); !s.ok()) return s;
  std::string_view e = Trim(email);
  size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == e.size() ||
      e.find('@', at + 1) != std::string_view::npos ||
      e.find_first_of(" \t,;<>\"") != std::string_view::npos) {
    return rpc::FieldError(field, "is not an e-mail address");
  }
  return absl::OkStatus();
}

std::string CanonicalEmail(std::string_view email) {
  return absl::AsciiStrToLower(std::string(Trim(email)));
}

absl::Status ValidateLanguage(std::string_view field, std::string_view tag) {
  static const std::regex kTag("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  if (tag.size() > 35 || !std::regex_match(tag.begin(), tag.end(), kTag)) {
    return rpc::FieldError(field,
                           "must be a BCP 47 language tag such as en, fr, es "
                           "or fr-CI");
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::validation
