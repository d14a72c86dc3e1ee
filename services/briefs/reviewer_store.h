// The brief_reviewers table: experts who hold or held a review task on a
// brief, who may therefore see it (API.md). Every function runs in the
// caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_REVIEWER_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_REVIEWER_STORE_H_

#include <string>
#include <vector>

#include "services/briefs/store.h"

namespace briefdesk::briefs {

// Records the expert as a reviewer of the brief, once; nothing when the
// brief is unknown.
void AddReviewer(Tx& tx, const std::string& brief_id,
                 const std::string& expert_id);
// The brief's reviewers, by id.
std::vector<std::string> ReviewersOf(Tx& tx, const std::string& brief_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_REVIEWER_STORE_H_
