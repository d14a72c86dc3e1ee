#include "services/briefs/users.h"

#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "libs/storage/pagination.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/idempotency_store.h"
#include "services/briefs/invitation_store.h"
#include "services/briefs/user_store.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

absl::Status ValidateUser(const dir::CreateUserRequest& req) {
  absl::Status s = ValidateText("displayName", req.display_name(), 1, 200);
  if (s.ok()) s = ValidateEmail("email", req.email());
  if (s.ok()) s = ValidateText("cohort", req.cohort(), 0, 100);
  if (!s.ok()) return s;
  if (req.roles_size() == 0) return rpc::FieldError("roles", "is required");
  for (int r : req.roles()) {
    if (r == dir::ROLE_UNSPECIFIED) {
      return rpc::FieldError(
          "roles", "each of PARTICIPANT, EXPERT, EDITOR, ORGANIZER, ADMIN");
    }
  }
  if (req.expertise_size() > 50) {
    return rpc::FieldError("expertise", "at most 50 topics");
  }
  for (const std::string& t : req.expertise()) {
    if (absl::Status st = ValidateTopic("expertise", t); !st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status EmailInUse() {
  common::v1::ErrorDetails d;
  d.add_details()->set_field("email");
  return rpc::WithDetails(
      absl::AlreadyExistsError("a user with this email exists"), d);
}

dir::User NewUser(const dir::CreateUserRequest& req) {
  dir::User u;
  u.set_id(auth::NewId());
  u.set_display_name(req.display_name());
  u.set_email(req.email());
  *u.mutable_roles() = req.roles();
  *u.mutable_expertise() = req.expertise();
  u.set_cohort(req.cohort());
  return u;
}

}  // namespace

bool IsAdmin(const rpc::Principal& p) { return rpc::HasRole(p, dir::ADMIN); }

absl::StatusOr<dir::CreateUserResponse> Users::Create(
    const rpc::Principal& p, const std::string& idempotency_key,
    const dir::CreateUserRequest& req) {
  if (!IsAdmin(p)) return absl::PermissionDeniedError("only admins add users");
  if (absl::Status s = ValidateUser(req); !s.ok()) return s;
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateUser", req);
  return db_->InTransaction<dir::CreateUserResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::CreateUserResponse> {
        dir::CreateUserResponse resp;
        auto answer = FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        if (answer->has_value() && resp.ParseFromString(**answer)) {
          return resp;  // stored without the key: it is shown once
        }
        if (EmailTaken(tx, req.email())) return EmailInUse();
        dir::User user = NewUser(req);
        InsertUser(tx, user);
        auto [key_id, key] = AddKey(tx, user.id());
        auto stored = LoadUser(tx, user.id());
        if (!stored.ok()) return stored.status();
        *resp.mutable_user() = *stored;
        resp.set_key_id(key_id);
        SaveAnswer(tx, scope, resp.SerializeAsString());
        resp.set_api_key(key);
        return resp;
      });
}

absl::StatusOr<dir::User> Users::Current(const rpc::Principal& p) {
  if (p.user_id().empty()) return absl::UnauthenticatedError("no principal");
  return db_->Autocommit<dir::User>(
      [&](Tx& tx) { return LoadUser(tx, p.user_id()); });
}

absl::StatusOr<dir::ListUsersResponse> Users::List(
    const rpc::Principal& p, const dir::ListUsersRequest& req) {
  // The notification service reads who the editors are.
  bool service = rpc::IsServicePrincipal(p.user_id());
  if (!IsAdmin(p) && !rpc::HasRole(p, dir::EDITOR) && !service) {
    return absl::PermissionDeniedError("only admins and editors list users");
  }
  std::string role =
      req.role() == dir::ROLE_UNSPECIFIED ? "" : dir::Role_Name(req.role());
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  return db_->Autocommit<dir::ListUsersResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::ListUsersResponse> {
        dir::ListUsersResponse out;
        for (dir::User& u : ListUsers(tx, page->after(), page->fetch(), role)) {
          *out.add_users() = std::move(u);
        }
        if (auto next = page->Trim(*out.mutable_users(),
                                   [](const dir::User& u) { return u.id(); })) {
          out.set_next_page_token(*next);
        }
        return out;
      });
}

absl::StatusOr<dir::User> Users::UpdateCurrent(
    const rpc::Principal& p, const dir::UpdateCurrentUserRequest& req) {
  if (absl::Status s = ValidateText("displayName", req.display_name(), 1, 200);
      !s.ok())
    return s;
  return db_->Autocommit<dir::User>([&](Tx& tx) -> absl::StatusOr<dir::User> {
    if (!SetDisplayName(tx, p.user_id(), req.display_name())) {
      return absl::NotFoundError("no such user");
    }
    auto user = LoadUser(tx, p.user_id());
    if (user.ok())
      user->set_invitation_pending(!TookUpAccount(tx, p.user_id()));
    return user;
  });
}

absl::StatusOr<dir::User> Users::Get(const rpc::Principal& p,
                                     const std::string& id) {
  // The courses service reads who creates a course.
  if (!IsAdmin(p) && !rpc::HasRole(p, dir::EDITOR) &&
      !rpc::IsServicePrincipal(p.user_id())) {
    return absl::PermissionDeniedError("only admins and editors read users");
  }
  return db_->Autocommit<dir::User>([&](Tx& tx) -> absl::StatusOr<dir::User> {
    auto user = LoadUser(tx, id);
    if (user.ok()) user->set_invitation_pending(!TookUpAccount(tx, id));
    return user;
  });
}

}  // namespace briefdesk::briefs
