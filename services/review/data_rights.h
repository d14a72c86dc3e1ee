// Domain layer of data rights in the review service (docs/data-rights.md):
// the caller's part of GET /v1/users/me:export. The service holds people
// by id only (no name, no address), so an erasure changes nothing here: the
// directory's record makes the id anonymous.
#ifndef BRIEFDESK_SERVICES_REVIEW_DATA_RIGHTS_H_
#define BRIEFDESK_SERVICES_REVIEW_DATA_RIGHTS_H_

#include "absl/status/statusor.h"
#include "briefdesk/review/v1/guidance.pb.h"
#include "libs/rpc/rpc.h"
#include "services/review/review_deps.h"

namespace briefdesk::review {

// The reviews the caller wrote, and the requests for guidance they asked,
// are an author of, or answered (each with its comments), at most 1000 of
// each. UNAUTHENTICATED for no person.
absl::StatusOr<v1::ReviewExport> ExportFor(const ReviewDeps& d,
                                           const rpc::Principal& caller);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_DATA_RIGHTS_H_
