// Published briefs as readers see them: the head's publication columns
// (briefs), the approved revision's content (revisions) and the authors'
// display names (users), in one statement per read. Every function runs in
// the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_PUBLISHED_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_PUBLISHED_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// Newest first, filtered by topic and cohort ("" for any).
std::vector<v1::PublishedBrief> ListPublished(Tx& tx, const std::string& topic,
                                              const std::string& cohort,
                                              int64_t offset, int limit);
// NOT_FOUND when no brief was published at `slug`.
absl::StatusOr<v1::PublishedBrief> LoadPublished(Tx& tx,
                                                 const std::string& slug);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_PUBLISHED_STORE_H_
