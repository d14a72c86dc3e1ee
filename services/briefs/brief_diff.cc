#include "services/briefs/brief_diff.h"

#include <dtl/dtl.hpp>
#include <sstream>
#include <vector>

namespace briefdesk::briefs {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

v1::FieldDiff DiffField(const std::string& field, const std::string& before,
                        const std::string& after) {
  v1::FieldDiff out;
  out.set_field(field);
  if (before == after) return out;
  out.set_changed(true);
  std::vector<std::string> a = Lines(before), b = Lines(after);
  dtl::Diff<std::string> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream unified;
  diff.printUnifiedFormat(unified);
  out.set_unified(unified.str());
  int added = 0, removed = 0;
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    if (info.type == dtl::SES_ADD) ++added;
    if (info.type == dtl::SES_DELETE) ++removed;
  }
  out.set_added_lines(added);
  out.set_removed_lines(removed);
  // A change only in the final newline leaves no line-level difference.
  if (out.unified().empty()) {
    out.set_unified("\\ the final newline changed\n");
  }
  return out;
}

v1::Diff DiffRevisions(const v1::Revision& from, const v1::Revision& to) {
  v1::Diff d;
  d.set_brief_id(to.brief_id());
  d.set_from(from.number());
  d.set_to(to.number());
  *d.add_fields() = DiffField("title", from.title(), to.title());
  *d.add_fields() =
      DiffField("policyQuestion", from.policy_question(), to.policy_question());
  const auto& a = from.sections();
  const auto& b = to.sections();
  *d.add_fields() = DiffField("summary", a.summary(), b.summary());
  *d.add_fields() = DiffField("problem", a.problem(), b.problem());
  *d.add_fields() = DiffField("evidence", a.evidence(), b.evidence());
  *d.add_fields() = DiffField("options", a.options(), b.options());
  *d.add_fields() =
      DiffField("recommendations", a.recommendations(), b.recommendations());
  *d.add_fields() = DiffField("references", a.references(), b.references());
  return d;
}

}  // namespace briefdesk::briefs
