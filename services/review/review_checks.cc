// What a review must be before it is stored (docs/api-notes.md, Reviews).
#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/review/comment_checks.h"
#include "services/review/reviews.h"

namespace briefdesk::review {
namespace {

absl::Status ValidateScores(const v1::CompleteRequest& req) {
  const std::pair<const char*, int> scores[] = {
      {"scores.evidence", req.scores().evidence()},
      {"scores.clarity", req.scores().clarity()},
      {"scores.actionability", req.scores().actionability()},
      {"scores.relevance", req.scores().relevance()}};
  for (const auto& [field, value] : scores) {
    if (value < 1 || value > 5) {
      return rpc::FieldError(field, "must be a whole number from 1 to 5");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateReview(const v1::CompleteRequest& req) {
  if (req.decision() == v1::DECISION_UNSPECIFIED) {
    return rpc::FieldError("decision",
                           "is required: APPROVE, REQUEST_CHANGES or REJECT");
  }
  if (req.summary().find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError("summary", "is required");
  }
  if (auto problem = text::Problem(req.summary(), text::Lines::kMany)) {
    return rpc::FieldError("summary", *problem);
  }
  if (text::CodePoints(req.summary()) > 20000) {
    return rpc::FieldError("summary", "must be at most 20000 characters");
  }
  if (absl::Status s = ValidateScores(req); !s.ok()) return s;
  return ValidateComments(req.comments(), 200);
}

}  // namespace briefdesk::review
