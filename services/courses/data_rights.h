// Domain layer of data rights in the courses service (docs/data-rights.md):
// what a person's erasure does here, and their part of GET
// /v1/users/me:export.
#ifndef BRIEFDESK_SERVICES_COURSES_DATA_RIGHTS_H_
#define BRIEFDESK_SERVICES_COURSES_DATA_RIGHTS_H_

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/followups.pb.h"
#include "briefdesk/events/v1/events.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

// user.erased, in the transaction that applies the event: every
// membership keeps its role, constituency and country (the course's
// figures) under the erased name, without address or organization; the
// stored answers that hold the address go; sessions still to come are
// dropped (no one can be followed up any more). Learning plans, agreements
// and the records of sessions held or missed stay, as the course's record
// of what was done.
void ApplyErasure(CoursesTx& tx, const events::v1::UserErased& erased);

// The caller's memberships, learning plans, every version of their
// agreements, and their follow-ups with records and reports.
// UNAUTHENTICATED for no person.
absl::StatusOr<v1::CoursesExport> ExportFor(storage::PgPool* pool,
                                            const rpc::Principal& caller);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_DATA_RIGHTS_H_
