#include "services/briefs/validation.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {
namespace {
// Per section; the gateway's 1 MiB body limit bounds the whole request.
constexpr size_t kMaxSectionCodePoints = 100000;
}  // namespace

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

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

absl::Status ValidateText(std::string_view field, std::string_view text,
                          size_t min, size_t max) {
  size_t n = CodePoints(text);
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
    if (CodePoints(*text) > kMaxSectionCodePoints) {
      return rpc::FieldError(field, "must be at most 100000 characters");
    }
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::briefs
