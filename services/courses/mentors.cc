// Domain layer: mentors. An organizer assigns a participant an expert of
// the course as mentor, who is offered the participant's requests for
// guidance first; the review service asks where a request goes.
#include "absl/strings/str_cat.h"
#include "services/courses/course_access.h"
#include "services/courses/members.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

absl::StatusOr<v1::Member> Members::Update(const rpc::Principal& p,
                                           const v1::UpdateMemberRequest& req) {
  std::optional<v1::Member> out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = RequireOrganizer(tx, p, req.course_id()); !a.ok()) {
      return a;
    }
    std::optional<v1::Member> m = tx.LoadMember(req.course_id(), req.user_id());
    if (!m) return absl::NotFoundError("no such member");
    if (req.has_mentor_id()) {
      if (m->course_role() != v1::PARTICIPANT) {
        return rpc::FieldError("mentorId", "only a participant has a mentor");
      }
      if (!req.mentor_id().empty()) {
        auto mentor = tx.LoadMember(req.course_id(), req.mentor_id());
        if (!mentor || mentor->course_role() != v1::EXPERT ||
            tx.IsErased(req.mentor_id())) {
          return rpc::FieldError("mentorId", "must be an expert of the course");
        }
      }
      tx.SetMentor(req.course_id(), req.user_id(), req.mentor_id());
    }
    out = tx.LoadMember(req.course_id(), req.user_id());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return *out;
}

absl::StatusOr<v1::GuidanceRoute> Members::GuidanceRoute(
    const rpc::Principal& p, const v1::GetGuidanceRouteRequest& req) {
  if (p.user_id() != rpc::kReviewService) {
    return absl::PermissionDeniedError("for the review service only");
  }
  v1::GuidanceRoute out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    out.Clear();
    auto course = tx.LoadCourse(req.course_id());
    if (!course.ok()) return course.status();
    out.set_course_title(course->title());
    for (std::string& id : tx.CourseExperts(req.course_id())) {
      out.add_expert_ids(std::move(id));
    }
    std::optional<v1::Member> m =
        tx.LoadMember(req.course_id(), req.participant_id());
    if (m && m->course_role() == v1::PARTICIPANT) {
      out.set_participant(true);
      out.set_mentor_id(m->mentor_id());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
