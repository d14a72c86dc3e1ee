#include "services/briefs/accounts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/validation/validation.h"
#include "services/briefs/invitation_store.h"
#include "services/briefs/user_store.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

absl::Status ValidatePerson(int i, const dir::Person& person) {
  std::string at = absl::StrCat("people[", i, "].");
  if (absl::Status s = validation::ValidateEmail(at + "email", person.email());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::ValidateText(at + "displayName",
                                                person.display_name(), 0, 200);
      !s.ok()) {
    return s;
  }
  for (const std::string& t : person.expertise()) {
    if (absl::Status s = validation::ValidateTopic(at + "expertise", t);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// Adds what `person` brings to `user`; whether anything changed.
bool Merge(const dir::Person& person, dir::User& user) {
  bool changed = false;
  for (int r : person.roles()) {
    if (std::find(user.roles().begin(), user.roles().end(), r) ==
        user.roles().end()) {
      user.add_roles(static_cast<dir::Role>(r));
      changed = true;
    }
  }
  for (const std::string& t : person.expertise()) {
    if (std::find(user.expertise().begin(), user.expertise().end(), t) ==
            user.expertise().end() &&
        user.expertise_size() < 50) {
      user.add_expertise(t);
      changed = true;
    }
  }
  return changed;
}

absl::StatusOr<dir::EnsuredUser> EnsureOne(Tx& tx, int i,
                                           const dir::Person& person,
                                           bool validate_only) {
  dir::EnsuredUser out;
  std::string email = validation::CanonicalEmail(person.email());
  std::optional<dir::User> found = UserByEmail(tx, email);
  if (found) {
    out.set_updated(Merge(person, *found));
    if (out.updated() && !validate_only) SetRolesAndExpertise(tx, *found);
    *out.mutable_user() = std::move(*found);
    return out;
  }
  if (person.display_name().find_first_not_of(" \t") == std::string::npos) {
    return rpc::FieldError(absl::StrCat("people[", i, "].displayName"),
                           "is required for a person without an account");
  }
  dir::User user;
  user.set_display_name(person.display_name());
  user.set_email(email);
  Merge(person, user);
  out.set_created(true);
  if (!validate_only) {
    user.set_id(auth::NewId());
    InsertUser(tx, user);
    auto stored = LoadUser(tx, user.id());
    if (!stored.ok()) return stored.status();
    user = *stored;
  }
  *out.mutable_user() = std::move(user);
  return out;
}

}  // namespace

absl::StatusOr<dir::EnsureUsersResponse> Accounts::Ensure(
    const rpc::Principal& p, const dir::EnsureUsersRequest& req) {
  if (p.user_id() != rpc::kCoursesService) {
    return absl::PermissionDeniedError("only the courses service enrols");
  }
  for (int i = 0; i < req.people_size(); ++i) {
    if (absl::Status s = ValidatePerson(i, req.people(i)); !s.ok()) return s;
  }
  bool invited = false;
  auto resp = db_->InTransaction<dir::EnsureUsersResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::EnsureUsersResponse> {
        dir::EnsureUsersResponse resp;
        invited = false;
        for (int i = 0; i < req.people_size(); ++i) {
          auto one = EnsureOne(tx, i, req.people(i), req.validate_only());
          if (!one.ok()) return one.status();
          one->mutable_user()->set_invitation_pending(
              one->created() || !TookUpAccount(tx, one->user().id()));
          if (one->created() && !req.validate_only() && req.has_invitation()) {
            IssueInvitation(tx, one->user(), req.invitation(), invitations_);
            invited = true;
          }
          *resp.add_users() = std::move(*one);
        }
        return resp;
      });
  if (invited) invitations_.events.wake();
  return resp;
}

}  // namespace briefdesk::briefs
