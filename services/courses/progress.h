// Domain layer: where a course's participants stand. A Board gathers what
// decides every milestone — the course, its participants, their
// extensions, the statuses recorded at due times, and (from the briefs
// service) when each participant's brief met each module — for the
// progress board (Progress) and the reminders (reminders.h). Extensions
// are granted here too.
#ifndef BRIEFDESK_SERVICES_COURSES_PROGRESS_H_
#define BRIEFDESK_SERVICES_COURSES_PROGRESS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"
#include "services/courses/milestones.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

struct Board {
  v1::Course course;
  std::vector<v1::Member> participants;  // by user id
  std::vector<v1::Member> organizers;
  // The extension in force, by (user id, module number).
  std::map<std::pair<std::string, int>, v1::Extension> extensions;
  std::map<std::pair<std::string, int>, RecordedMilestone> records;
  // Each participant's brief of the course, by user id.
  std::map<std::string, briefs::v1::CourseBrief> briefs;

  // The milestone of `user_id` for module `number` (from 1).
  MilestoneFacts Facts(const std::string& user_id, int number) const;
  v1::ProgressRow Row(const v1::Member& participant, absl::Time now) const;
};

// Reads the course's side in one transaction, then asks the briefs
// service; UNAVAILABLE when it cannot be reached.
absl::StatusOr<Board> LoadBoard(const CoursesDeps& d,
                                const std::string& course_id);
// The two halves of LoadBoard: the course's tables, then the briefs.
absl::StatusOr<Board> LoadCourseSide(const CoursesDeps& d,
                                     const std::string& course_id);
absl::Status AddBriefs(const CoursesDeps& d, Board& b);

class Progress {
 public:
  explicit Progress(CoursesDeps deps) : d_(std::move(deps)) {}

  // Every row for organizers and admins; a participant's own row for them;
  // PERMISSION_DENIED for experts. The CSV too when asked.
  absl::StatusOr<v1::Progress> Get(const rpc::Principal& p,
                                   const v1::GetProgressRequest& req);
  // By the course's organizers, for one of its participants.
  absl::StatusOr<v1::Extension> Extend(const rpc::Principal& p,
                                       const v1::CreateExtensionRequest& req);
  // The course's organizers and experts, and the participant themself.
  absl::StatusOr<v1::ListExtensionsResponse> Extensions(
      const rpc::Principal& p, const v1::ListExtensionsRequest& req);

 private:
  const CoursesDeps d_;
};

// "me" is the caller.
std::string UserIdOf(const rpc::Principal& p, const std::string& user_id);

// OK when `p` may read what belongs to participant `user_id` of the course:
// themself, the course's organizers and experts, admins. NOT_FOUND when
// `user_id` is not a participant of the course.
absl::Status MayReadParticipant(CoursesTx& tx, const rpc::Principal& p,
                                const std::string& course_id,
                                const std::string& user_id);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_PROGRESS_H_
