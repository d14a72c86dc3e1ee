#include "services/briefs/validation.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {
namespace {
// Per section; the gateway's 1 MiB body limit bounds the whole request.
constexpr size_t kMaxSectionCodePoints = 100000;
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
  std::string_view text = value;
  size_t n = text::CodePoints(text);
  if (min > 0 && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return rpc::FieldError(field, "is required");
  }
  if (n < min || n > max) {
    return rpc::FieldError(field, "must be " + std::to_string(min) + " to " +
                                      std::to_string(max) + " characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateSections(const v1::Sections& s) {
  const std::pair<const char*, const std::string*> all[] = {
      {"sections.summary", &s.summary()},
      {"sections.problem", &s.problem()},
      {"sections.evidence", &s.evidence()},
      {"sections.options", &s.options()},
      {"sections.recommendations", &s.recommendations()},
      {"sections.references", &s.references()}};
  for (const auto& [field, text] : all) {
    if (auto problem = text::Problem(*text, text::Lines::kMany)) {
      return rpc::FieldError(field, *problem);
    }
    if (text::CodePoints(*text) > kMaxSectionCodePoints) {
      return rpc::FieldError(field, "must be at most 100000 characters");
    }
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::briefs
