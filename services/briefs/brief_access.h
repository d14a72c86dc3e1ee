// Who may see and act on a brief, and how workflow refusals become statuses.
// API.md: a brief is visible to its authors, to editors and admins, to
// experts who hold or held a task on it, and to everyone once published. A
// brief one may not see is NOT_FOUND, never PERMISSION_DENIED, so its
// existence does not leak.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_ACCESS_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/workflow/workflow.h"
#include "services/briefs/brief_store.h"

namespace briefdesk::briefs {

bool IsAuthor(const rpc::Principal& p, const v1::Brief& b);
bool SeesEverything(const rpc::Principal& p);
// `reviewed`: the principal holds or held a review task on the brief.
bool MaySee(const rpc::Principal& p, const v1::Brief& b, bool reviewed);

// The brief as loaded for `p` if `p` may see it; NOT_FOUND otherwise, as
// for an unknown brief.
absl::StatusOr<BriefRow> Visible(const rpc::Principal& p,
                                 absl::StatusOr<BriefRow> row);
// Loads the brief (locking it, with `lock`) if `p` may see it.
absl::StatusOr<BriefRow> LoadVisible(Tx& tx, const rpc::Principal& p,
                                     const std::string& id, bool lock = false);

// The principal's relations to the brief (nullptr: one not created yet).
workflow::Actors ActorsFor(const rpc::Principal& p, const v1::Brief* b);

workflow::State ToWorkflow(v1::BriefState s);
v1::BriefState FromWorkflow(workflow::State s);

absl::Status NotFound(const std::string& id);

// "note" for return, "reason" for retract: the body field API.md names.
const char* NoteField(workflow::Action action);

// A refused decision as a status: FAILED_PRECONDITION with the allowed actions
// (or the check's errors) in details, INVALID_ARGUMENT for a missing note.
absl::Status RefusalStatus(const workflow::Decision& d, workflow::Action action,
                           const v1::CheckReport* check = nullptr);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_ACCESS_H_
