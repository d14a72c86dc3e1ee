#include "services/review/comment_checks.h"

#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"

namespace briefdesk::review {
namespace {

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

absl::Status ValidateComments(const Comments& comments, int most) {
  if (comments.size() > most) {
    return rpc::FieldError("comments",
                           absl::StrCat("at most ", most, " comments"));
  }
  for (int i = 0; i < comments.size(); ++i) {
    absl::Status s =
        ValidateComment(comments[i], absl::StrCat("comments[", i, "]"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

bool HasQuotes(const Comments& comments) {
  for (const v1::Comment& c : comments) {
    if (!c.quote().empty()) return true;
  }
  return false;
}

absl::Status CheckQuotes(const Comments& comments,
                         const briefs::v1::Sections& sections) {
  for (int i = 0; i < comments.size(); ++i) {
    const v1::Comment& c = comments[i];
    if (c.quote().empty()) continue;
    if (SectionText(sections, c.section())->find(c.quote()) ==
        std::string::npos) {
      return rpc::FieldError(absl::StrCat("comments[", i, "].quote"),
                             "does not occur in the " + c.section() +
                                 " section of the revision read");
    }
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::review
