// Domain layer, pure: a participant's milestone for a module (API.md,
// "Courses"). Met when every section the module expects is non-empty in a
// revision: ON_TIME when that revision was saved before the due time (after
// any extension), LATE when after; MISSING when the due time passed unmet;
// UPCOMING otherwise. A milestone recorded ON_TIME when its due time passed
// stays ON_TIME whatever later edits of the course do. The board's CSV.
#ifndef BRIEFDESK_SERVICES_COURSES_MILESTONES_H_
#define BRIEFDESK_SERVICES_COURSES_MILESTONES_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "briefdesk/courses/v1/courses.pb.h"

namespace briefdesk::courses {

// What decides one milestone.
struct MilestoneFacts {
  absl::Time due;  // the module's, or the participant's extension
  bool extended = false;
  std::optional<absl::Time> met;  // first revision with every section
  // The status recorded when the due time passed, if it has.
  v1::MilestoneStatus recorded = v1::MILESTONE_STATUS_UNSPECIFIED;
  std::optional<absl::Time> recorded_met;
};

v1::MilestoneStatus StatusOf(absl::Time due, std::optional<absl::Time> met,
                             absl::Time now);

v1::Milestone MilestoneOf(int number, const MilestoneFacts& facts,
                          absl::Time now);

// One line per participant and module, with a header row, for spreadsheets
// (a BOM, so that names in any script open right in Excel).
std::string ProgressCsv(const v1::Course& course, const v1::Progress& progress);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_MILESTONES_H_
