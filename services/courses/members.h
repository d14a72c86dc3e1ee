// Domain layer: the people of a course. Organizers (and admins) enrol
// people by e-mail address — one account per person across courses, made
// by the directory when new — and remove them; organizers and the
// course's experts list them (e-mail addresses for organizers only).
#ifndef BRIEFDESK_SERVICES_COURSES_MEMBERS_H_
#define BRIEFDESK_SERVICES_COURSES_MEMBERS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/rpc/rpc.h"
#include "services/courses/courses_deps.h"

namespace briefdesk::courses {

class Members {
 public:
  explicit Members(CoursesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<v1::Member> Add(const rpc::Principal& p,
                                 const v1::AddMemberRequest& req);
  absl::StatusOr<v1::ListMembersResponse> List(
      const rpc::Principal& p, const v1::ListMembersRequest& req);
  // Enrols every row of a CSV file, or none (member_import.cc).
  absl::StatusOr<v1::ImportMembersResponse> Import(
      const rpc::Principal& p, const v1::ImportMembersRequest& req);
  // Sends a PENDING member's invitation again (a new link); 409 when the
  // person already has an account they use.
  absl::StatusOr<v1::Member> Invite(const rpc::Principal& p,
                                    const v1::InviteMemberRequest& req);
  // FAILED_PRECONDITION for the course's last organizer.
  absl::Status Remove(const rpc::Principal& p,
                      const v1::RemoveMemberRequest& req);
  // A participant's mentor, assigned or removed (mentors.cc).
  absl::StatusOr<v1::Member> Update(const rpc::Principal& p,
                                    const v1::UpdateMemberRequest& req);
  // For the review service: where a participant's requests for guidance
  // go (mentors.cc).
  absl::StatusOr<v1::GuidanceRoute> GuidanceRoute(
      const rpc::Principal& p, const v1::GetGuidanceRouteRequest& req);

 private:
  // A pending invitation the directory says was taken up becomes
  // ACCEPTED (invitations are the directory's; members keep a copy).
  void RefreshInvitations(
      const std::string& course_id,
      google::protobuf::RepeatedPtrField<v1::Member>& members);

  const CoursesDeps d_;
};

// The account a request enrols (for Directory.EnsureUsers).
directory::v1::Person PersonOf(const v1::AddMemberRequest& req);

// The member as enrolled: the account's name and address, the request's
// details, and whether the person still has to accept their invitation.
v1::Member MemberOf(const v1::AddMemberRequest& req,
                    const directory::v1::EnsuredUser& account);

// For the course's organizers (and admins): what an invitation to it says.
absl::StatusOr<directory::v1::InvitationContext> InvitationFor(
    storage::PgPool* pool, const rpc::Principal& p,
    const std::string& course_id);

// A member's fields as a request gives them: INVALID_ARGUMENT naming
// `prefix` + the field ("email", "courseRole", ...).
absl::Status ValidateMember(const v1::AddMemberRequest& req,
                            const std::string& prefix = "");

// The directory's role for a course role (an expert of a course reviews,
// an organizer sets up courses).
directory::v1::Role AccountRole(v1::CourseRole role);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_MEMBERS_H_
