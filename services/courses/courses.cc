#include "services/courses/courses.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "libs/storage/pagination.h"
#include "services/courses/course_access.h"
#include "services/courses/course_rules.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

bool MayCreate(const rpc::Principal& p) {
  return rpc::HasRole(p, dir::ORGANIZER) || rpc::HasRole(p, dir::ADMIN);
}

v1::Member OrganizerFrom(const dir::User& u) {
  v1::Member m;
  m.set_user_id(u.id());
  m.set_display_name(u.display_name());
  m.set_email(u.email());
  m.set_course_role(v1::ORGANIZER);
  m.set_invitation_state(v1::ACCEPTED);
  return m;
}

}  // namespace

absl::StatusOr<v1::Course> Courses::Create(const rpc::Principal& p,
                                           const std::string& idempotency_key,
                                           const v1::CreateCourseRequest& req) {
  if (!MayCreate(p)) {
    return absl::PermissionDeniedError(
        "only organizers and admins create "
        "courses");
  }
  v1::Course course = CourseFrom(req);
  if (absl::Status s = Validate(course); !s.ok()) return s;
  // Who the creator is, asked before the transaction: no transaction waits
  // on another process.
  auto creator = d_.directory->GetUser(p.user_id());
  if (!creator.ok()) return creator.status();
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateCourse", req);
  v1::Course out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    auto answer = tx.FindAnswer(scope);
    if (!answer.ok()) return answer.status();
    if (answer->has_value() && out.ParseFromString(**answer)) {
      auto now = tx.LoadCourse(out.id());  // as it is now
      if (now.ok()) out = *now;
      return absl::OkStatus();
    }
    course.set_id(auth::NewId());
    tx.InsertCourse(course);
    tx.UpsertMember(course.id(), OrganizerFrom(*creator));
    auto stored = tx.LoadCourse(course.id());
    if (!stored.ok()) return stored.status();
    out = *stored;
    tx.SaveAnswer(scope, out.SerializeAsString());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Course> Courses::Get(const rpc::Principal& p,
                                        const std::string& id) {
  v1::Course out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (auto role = RoleIn(tx, p, id); !role.ok()) return role.status();
    auto c = tx.LoadCourse(id);
    if (!c.ok()) return c.status();
    out = std::move(*c);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::CourseDefaults> Courses::Defaults(const rpc::Principal& p,
                                                     const std::string& id) {
  if (p.user_id() != rpc::kBriefsService) {
    return absl::PermissionDeniedError("for the briefs service only");
  }
  v1::CourseDefaults out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    auto c = tx.LoadCourse(id);
    if (!c.ok()) return c.status();
    out.set_language(c->language());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::ListCoursesResponse> Courses::List(
    const rpc::Principal& p, const v1::ListCoursesRequest& req) {
  if (p.user_id().empty()) return absl::UnauthenticatedError("no principal");
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  v1::ListCoursesResponse out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    out.Clear();
    for (v1::Course& c : tx.ListCourses(IsAdmin(p) ? "" : p.user_id(),
                                        page->after(), page->fetch())) {
      *out.add_courses() = std::move(c);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (auto next = page->Trim(*out.mutable_courses(),
                             [](const v1::Course& c) { return c.id(); })) {
    out.set_next_page_token(*next);
  }
  return out;
}

absl::StatusOr<v1::Course> Courses::Update(const rpc::Principal& p,
                                           const v1::UpdateCourseRequest& req) {
  v1::Course out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = RequireOrganizer(tx, p, req.id()); !a.ok()) return a;
    auto before = tx.LoadCourse(req.id(), /*for_update=*/true);
    if (!before.ok()) return before.status();
    if (absl::Status m =
            rpc::CheckIfMatch(req.if_match(), before->etag(), "course");
        !m.ok()) {
      return m;
    }
    v1::Course after = Updated(*before, req);
    if (absl::Status v = Validate(after); !v.ok()) return v;
    if (absl::Status k = KeepsPastModules(*before, after, d_.now()); !k.ok()) {
      return k;
    }
    if (after.SerializeAsString() == before->SerializeAsString()) {
      out = *before;
      return absl::OkStatus();
    }
    tx.SaveCourse(after);
    auto stored = tx.LoadCourse(req.id());
    if (!stored.ok()) return stored.status();
    out = *stored;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
