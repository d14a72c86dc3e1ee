// What a review must be before it is stored (docs/api-notes.md, Reviews).
#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/review/reviews.h"

namespace briefdesk::review {
namespace {

const std::string* SectionText(const briefs::v1::Sections& s,
                               const std::string& name) {
  if (name == "summary") return &s.summary();
  if (name == "problem") return &s.problem();
  if (name == "evidence") return &s.evidence();
  if (name == "options") return &s.options();
  if (name == "recommendations") return &s.recommendations();
  if (name == "references") return &s.references();
  return nullptr;
}

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

absl::Status ValidateComment(const v1::Comment& c, const std::string& at) {
  if (SectionText(briefs::v1::Sections(), c.section()) == nullptr) {
    return rpc::FieldError(at + ".section",
                           "must be one of summary, problem, evidence, "
                           "options, recommendations, references");
  }
  if (c.body().find_first_not_of(" \t\r\n") == std::string::npos ||
      text::CodePoints(c.body()) > 10000) {
    return rpc::FieldError(at + ".body",
                           "is required, at most 10000 characters");
  }
  for (const auto& [name, value] :
       {std::pair{".body", &c.body()}, std::pair{".quote", &c.quote()}}) {
    if (auto problem = text::Problem(*value, text::Lines::kMany)) {
      return rpc::FieldError(at + name, *problem);
    }
  }
  if (text::CodePoints(c.quote()) > 2000) {
    return rpc::FieldError(at + ".quote", "must be at most 2000 characters");
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
  if (req.comments_size() > 200) {
    return rpc::FieldError("comments", "at most 200 comments");
  }
  for (int i = 0; i < req.comments_size(); ++i) {
    absl::Status s =
        ValidateComment(req.comments(i), absl::StrCat("comments[", i, "]"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

bool HasQuotes(const v1::CompleteRequest& req) {
  for (const v1::Comment& c : req.comments()) {
    if (!c.quote().empty()) return true;
  }
  return false;
}

absl::Status CheckQuotes(const v1::CompleteRequest& req,
                         const briefs::v1::Sections& sections) {
  for (int i = 0; i < req.comments_size(); ++i) {
    const v1::Comment& c = req.comments(i);
    if (c.quote().empty()) continue;
    if (SectionText(sections, c.section())->find(c.quote()) ==
        std::string::npos) {
      return rpc::FieldError(absl::StrCat("comments[", i, "].quote"),
                             "does not occur in the " + c.section() +
                                 " section of the reviewed revision");
    }
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::review
