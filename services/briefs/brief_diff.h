// Per-field unified diffs between two revisions, computed by dtl.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_DIFF_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_DIFF_H_

#include <string>

#include "briefdesk/briefs/v1/briefs.pb.h"

namespace briefdesk::briefs {

// The unified diff of one field's lines (3 lines of context), with counts.
v1::FieldDiff DiffField(const std::string& field, const std::string& before,
                        const std::string& after);

// Title, policy question and every section, in the order of the brief.
v1::Diff DiffRevisions(const v1::Revision& from, const v1::Revision& to);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_DIFF_H_
