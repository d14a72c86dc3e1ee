#include "services/briefs/validation.h"

#include "libs/rpc/rpc.h"

namespace briefdesk::briefs {
namespace {
// Per section; the gateway's 1 MiB body limit bounds the whole request.
constexpr size_t kMaxSectionCodePoints = 100000;
}  // namespace

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
