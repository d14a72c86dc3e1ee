// Domain layer: what the courses service needs of a course's briefs to
// compute milestones (BriefReads::CourseBriefs, in course_briefs.cc), and
// the pure rule it applies: a module is met by the first revision in which
// every one of its sections is non-empty.
#ifndef BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEFS_H_
#define BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEFS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/briefs/course_brief_store.h"

namespace briefdesk::briefs {

// The bits of FilledRevision::filled for these section names (summary,
// problem, ...); INVALID_ARGUMENT naming `field` for an unknown one.
absl::StatusOr<unsigned> SectionBits(const std::vector<std::string>& names,
                                     const std::string& field);

// For each module's bits, the time of the first of `revisions` (oldest
// first) that had them all; nullopt when none had.
std::vector<std::optional<google::protobuf::Timestamp>> FirstMet(
    const std::vector<FilledRevision>& revisions,
    const std::vector<unsigned>& modules);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEFS_H_
