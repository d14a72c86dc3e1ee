#include "services/courses/members.h"

#include "libs/storage/pagination.h"
#include "libs/validation/validation.h"
#include "services/courses/course_access.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

// The directory names a person's fields "people[i].email"; the caller
// sent them as the request's own fields.
absl::Status AsRequestFields(absl::Status s) {
  auto own = [](std::string name) {
    size_t dot = name.find("].");
    if (name.rfind("people[", 0) == 0 && dot != std::string::npos) {
      name = name.substr(dot + 2);
    }
    return name;
  };
  common::v1::ErrorDetails details = rpc::DetailsOf(s);
  if (details.details_size() == 0) return s;
  for (common::v1::ErrorDetail& d : *details.mutable_details()) {
    d.set_field(own(d.field()));
  }
  return rpc::WithDetails(absl::Status(s.code(), own(std::string(s.message()))),
                          details);
}

}  // namespace

dir::Person PersonOf(const v1::AddMemberRequest& req) {
  dir::Person person;
  person.set_email(validation::CanonicalEmail(req.email()));
  person.set_display_name(req.display_name());
  person.add_roles(AccountRole(req.course_role()));
  *person.mutable_expertise() = req.expertise();
  return person;
}

// The member as enrolled: the account's name and address, the request's
// details, and whether the person still has to accept their invitation.
v1::Member MemberOf(const v1::AddMemberRequest& req,
                    const dir::EnsuredUser& account) {
  v1::Member m;
  m.set_course_id(req.course_id());
  m.set_user_id(account.user().id());
  m.set_display_name(account.user().display_name());
  m.set_email(account.user().email());
  m.set_course_role(req.course_role());
  m.set_organization(req.organization());
  m.set_constituency(req.constituency());
  m.set_country(req.country());
  m.set_invitation_state(
      account.created() || account.user().invitation_pending() ? v1::PENDING
                                                               : v1::ACCEPTED);
  return m;
}

dir::Role AccountRole(v1::CourseRole role) {
  switch (role) {
    case v1::EXPERT:
      return dir::EXPERT;
    case v1::ORGANIZER:
      return dir::ORGANIZER;
    default:
      return dir::PARTICIPANT;
  }
}

absl::Status ValidateMember(const v1::AddMemberRequest& req,
                            const std::string& prefix) {
  using validation::ValidateText;
  if (absl::Status s = validation::ValidateEmail(prefix + "email", req.email());
      !s.ok()) {
    return s;
  }
  if (req.course_role() == v1::COURSE_ROLE_UNSPECIFIED) {
    return rpc::FieldError(prefix + "courseRole",
                           "must be PARTICIPANT, EXPERT or ORGANIZER");
  }
  for (auto [field, value, max] :
       {std::tuple{"displayName", &req.display_name(), 200},
        std::tuple{"organization", &req.organization(), 200},
        std::tuple{"country", &req.country(), 100}}) {
    if (absl::Status s = ValidateText(prefix + field, *value, 0, max);
        !s.ok()) {
      return s;
    }
  }
  if (req.expertise_size() > 50) {
    return rpc::FieldError(prefix + "expertise", "at most 50 topics");
  }
  for (const std::string& t : req.expertise()) {
    if (absl::Status s = validation::ValidateTopic(prefix + "expertise", t);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<dir::InvitationContext> InvitationFor(
    storage::PgPool* pool, const rpc::Principal& p,
    const std::string& course_id) {
  dir::InvitationContext out;
  absl::Status s = Transact(pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = RequireOrganizer(tx, p, course_id); !a.ok()) return a;
    auto course = tx.LoadCourse(course_id);
    if (!course.ok()) return course.status();
    out.set_course_id(course_id);
    out.set_course_title(course->title());
    out.set_language(course->language());
    if (auto me = tx.LoadMember(course_id, p.user_id())) {
      out.set_invited_by(me->display_name());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Member> Members::Add(const rpc::Principal& p,
                                        const v1::AddMemberRequest& req) {
  auto invitation = InvitationFor(d_.pool, p, req.course_id());
  if (!invitation.ok()) return invitation.status();
  if (absl::Status s = ValidateMember(req); !s.ok()) return s;
  dir::EnsureUsersRequest ensure;
  *ensure.add_people() = PersonOf(req);
  *ensure.mutable_invitation() = *invitation;
  auto accounts = d_.directory->EnsureUsers(ensure);
  if (!accounts.ok()) return AsRequestFields(accounts.status());
  if (accounts->users_size() != 1) {
    return absl::InternalError("the directory answered no account");
  }
  v1::Member out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (auto c = tx.LoadCourse(req.course_id(), true); !c.ok()) {
      return c.status();
    }
    const dir::EnsuredUser& account = accounts->users(0);
    std::optional<v1::Member> before =
        tx.LoadMember(req.course_id(), account.user().id());
    out = MemberOf(req, account);
    if (before && before->course_role() == v1::ORGANIZER &&
        out.course_role() != v1::ORGANIZER &&
        tx.CountOrganizers(req.course_id()) <= 1) {
      return rpc::WithDetails(
          absl::FailedPreconditionError(
              "the course's last organizer stays an organizer: enrol another "
              "organizer first"),
          [] {
            common::v1::ErrorDetails d;
            d.add_details()->set_field("courseRole");
            return d;
          }());
    }
    tx.UpsertMember(req.course_id(), out);
    if (auto stored = tx.LoadMember(req.course_id(), out.user_id())) {
      out = *stored;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::ListMembersResponse> Members::List(
    const rpc::Principal& p, const v1::ListMembersRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  v1::ListMembersResponse out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    auto role = RoleIn(tx, p, req.course_id());
    if (!role.ok()) return role.status();
    if (*role == v1::PARTICIPANT) {
      return absl::PermissionDeniedError(
          "the course's organizers and experts list its members");
    }
    out.Clear();
    for (v1::Member& m :
         tx.ListMembers(req.course_id(), page->after(), page->fetch())) {
      if (*role != v1::ORGANIZER) m.clear_email();
      *out.add_members() = std::move(m);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (auto next = page->Trim(*out.mutable_members(),
                             [](const v1::Member& m) { return m.user_id(); })) {
    out.set_next_page_token(*next);
  }
  RefreshInvitations(req.course_id(), *out.mutable_members());
  return out;
}

void Members::RefreshInvitations(
    const std::string& course_id,
    google::protobuf::RepeatedPtrField<v1::Member>& members) {
  std::vector<std::string> accepted;
  for (v1::Member& m : members) {
    if (m.invitation_state() != v1::PENDING) continue;
    auto user = d_.directory->GetUser(m.user_id());
    if (user.ok() && !user->invitation_pending()) {
      m.set_invitation_state(v1::ACCEPTED);
      accepted.push_back(m.user_id());
    }
  }
  if (accepted.empty()) return;
  // Best effort: the next list asks the directory again if this fails.
  (void)Transact(d_.pool, [&](CoursesTx& tx) {
    for (const std::string& id : accepted) tx.MarkAccepted(course_id, id);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Member> Members::Invite(const rpc::Principal& p,
                                           const v1::InviteMemberRequest& req) {
  auto invitation = InvitationFor(d_.pool, p, req.course_id());
  if (!invitation.ok()) return invitation.status();
  std::optional<v1::Member> member;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) {
    member = tx.LoadMember(req.course_id(), req.user_id());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!member) return absl::NotFoundError("no such member");
  dir::InviteUserRequest invite;
  invite.set_user_id(req.user_id());
  *invite.mutable_invitation() = *invitation;
  auto user = d_.directory->InviteUser(invite);
  if (!user.ok()) return user.status();
  member->set_invitation_state(v1::PENDING);
  return *member;
}

absl::Status Members::Remove(const rpc::Principal& p,
                             const v1::RemoveMemberRequest& req) {
  return Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = RequireOrganizer(tx, p, req.course_id()); !a.ok()) {
      return a;
    }
    if (auto c = tx.LoadCourse(req.course_id(), true); !c.ok()) {
      return c.status();  // locked: two removals count organizers in turn
    }
    std::optional<v1::Member> m = tx.LoadMember(req.course_id(), req.user_id());
    if (!m) return absl::NotFoundError("no such member");
    if (m->course_role() == v1::ORGANIZER &&
        tx.CountOrganizers(req.course_id()) <= 1) {
      return absl::FailedPreconditionError(
          "the course's last organizer stays: enrol another organizer first");
    }
    tx.RemoveMember(req.course_id(), req.user_id());
    return absl::OkStatus();
  });
}

}  // namespace briefdesk::courses
