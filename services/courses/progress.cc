#include "services/courses/progress.h"

#include "absl/strings/str_cat.h"
#include "libs/validation/validation.h"
#include "services/courses/course_access.h"
#include "services/courses/course_rules.h"

namespace briefdesk::courses {
namespace {

// Reads the course's tables for the board.
absl::Status ReadCourseSide(CoursesTx& tx, const std::string& course_id,
                            Board& b) {
  auto course = tx.LoadCourse(course_id);
  if (!course.ok()) return course.status();
  b = Board{};
  b.course = *std::move(course);
  for (v1::Member& m : tx.ListMembers(course_id, "", 100000)) {
    if (m.course_role() == v1::PARTICIPANT) {
      b.participants.push_back(std::move(m));
    } else if (m.course_role() == v1::ORGANIZER) {
      b.organizers.push_back(std::move(m));
    }
  }
  for (v1::Extension& e : tx.ListExtensions(course_id, "")) {
    b.extensions[{e.user_id(), e.module()}] = std::move(e);  // latest wins
  }
  for (RecordedMilestone& r : tx.ListRecords(course_id)) {
    b.records[{r.user_id, r.module}] = std::move(r);
  }
  return absl::OkStatus();
}

briefs::v1::CourseBriefsRequest BriefsRequest(const Board& b) {
  briefs::v1::CourseBriefsRequest req;
  req.set_course_id(b.course.id());
  for (const v1::Member& m : b.participants) req.add_author_ids(m.user_id());
  for (const v1::Module& m : b.course.modules()) {
    *req.add_modules()->mutable_sections() = m.sections();
  }
  return req;
}

// An extension gives more time: after the module's due time, and not past
// a year after the course's last module.
absl::Status CheckExtension(const v1::Course& course,
                            const v1::CreateExtensionRequest& req) {
  absl::Time due = TimeOf(req.due_time());
  absl::Time module_due = TimeOf(course.modules(req.module() - 1).due_time());
  if (due <= module_due) {
    return rpc::FieldError(
        "dueTime",
        absl::StrCat("an extension gives more time: it must be after the "
                     "module's due time, ",
                     absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", module_due,
                                      absl::UTCTimeZone())));
  }
  absl::Time last =
      TimeOf(course.modules(course.modules_size() - 1).due_time());
  if (due > last + absl::Hours(24 * 366)) {
    return rpc::FieldError("dueTime",
                           "at most a year after the course's last module");
  }
  return absl::OkStatus();
}

}  // namespace

MilestoneFacts Board::Facts(const std::string& user_id, int number) const {
  MilestoneFacts f;
  f.due = TimeOf(course.modules(number - 1).due_time());
  if (auto e = extensions.find({user_id, number}); e != extensions.end()) {
    f.due = TimeOf(e->second.due_time());
    f.extended = true;
  }
  if (auto b = briefs.find(user_id); b != briefs.end() &&
                                     number <= b->second.modules_size() &&
                                     b->second.modules(number - 1).has_time()) {
    f.met = TimeOf(b->second.modules(number - 1).time());
  }
  if (auto r = records.find({user_id, number}); r != records.end()) {
    f.recorded = r->second.status;
    if (r->second.met_micros) {
      f.recorded_met = absl::FromUnixMicros(*r->second.met_micros);
    }
  }
  return f;
}

v1::ProgressRow Board::Row(const v1::Member& m, absl::Time now) const {
  v1::ProgressRow row;
  row.set_user_id(m.user_id());
  row.set_display_name(m.display_name());
  if (auto b = briefs.find(m.user_id()); b != briefs.end()) {
    row.set_brief_id(b->second.brief_id());
  }
  for (int n = 1; n <= course.modules_size(); ++n) {
    *row.add_modules() = MilestoneOf(n, Facts(m.user_id(), n), now);
  }
  return row;
}

absl::StatusOr<Board> LoadCourseSide(const CoursesDeps& d,
                                     const std::string& course_id) {
  Board b;
  absl::Status s = Transact(
      d.pool, [&](CoursesTx& tx) { return ReadCourseSide(tx, course_id, b); });
  if (!s.ok()) return s;
  return b;
}

absl::StatusOr<Board> LoadBoard(const CoursesDeps& d,
                                const std::string& course_id) {
  auto b = LoadCourseSide(d, course_id);
  if (!b.ok()) return b.status();
  if (absl::Status s = AddBriefs(d, *b); !s.ok()) return s;
  return b;
}

absl::Status AddBriefs(const CoursesDeps& d, Board& b) {
  if (b.participants.empty() || b.course.modules_size() == 0) {
    return absl::OkStatus();
  }
  auto found = d.briefs->CourseBriefs(BriefsRequest(b));
  if (!found.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "the briefs service cannot be reached: ", found.status().message()));
  }
  for (briefs::v1::CourseBrief& cb : *found->mutable_briefs()) {
    std::string author = cb.author_id();
    b.briefs[author] = std::move(cb);
  }
  return absl::OkStatus();
}

std::string UserIdOf(const rpc::Principal& p, const std::string& user_id) {
  return user_id == "me" ? p.user_id() : user_id;
}

absl::Status MayReadParticipant(CoursesTx& tx, const rpc::Principal& p,
                                const std::string& course_id,
                                const std::string& user_id) {
  auto role = RoleIn(tx, p, course_id);
  if (!role.ok()) return role.status();
  std::optional<v1::Member> m = tx.LoadMember(course_id, user_id);
  if (*role == v1::PARTICIPANT && user_id != p.user_id()) {
    return absl::PermissionDeniedError(
        "a participant sees only their own plan and milestones");
  }
  if (!m || m->course_role() != v1::PARTICIPANT) {
    return absl::NotFoundError("no such participant in the course");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Progress> Progress::Get(const rpc::Principal& p,
                                           const v1::GetProgressRequest& req) {
  v1::CourseRole role = v1::COURSE_ROLE_UNSPECIFIED;
  absl::Status allowed = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    auto r = RoleIn(tx, p, req.course_id());
    if (!r.ok()) return r.status();
    role = *r;
    return absl::OkStatus();
  });
  if (!allowed.ok()) return allowed;
  if (role == v1::EXPERT) {
    return absl::PermissionDeniedError(
        "the progress board is for the course's organizers and participants");
  }
  auto board = LoadBoard(d_, req.course_id());
  if (!board.ok()) return board.status();
  v1::Progress out;
  absl::Time now = d_.now();
  for (const v1::Member& m : board->participants) {
    if (role == v1::PARTICIPANT && m.user_id() != p.user_id()) continue;
    *out.add_rows() = board->Row(m, now);
  }
  if (req.as_csv()) out.set_csv(ProgressCsv(board->course, out));
  return out;
}

absl::StatusOr<v1::Extension> Progress::Extend(
    const rpc::Principal& p, const v1::CreateExtensionRequest& req) {
  if (absl::Status s = validation::ValidateText("reason", req.reason(), 1, 500);
      !s.ok()) {
    return s;
  }
  v1::Extension e;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = RequireOrganizer(tx, p, req.course_id()); !a.ok()) {
      return a;
    }
    auto course = tx.LoadCourse(req.course_id());
    if (!course.ok()) return course.status();
    std::optional<v1::Member> m = tx.LoadMember(req.course_id(), req.user_id());
    if (!m || m->course_role() != v1::PARTICIPANT) {
      return absl::NotFoundError("no such participant in the course");
    }
    if (req.module() < 1 || req.module() > course->modules_size()) {
      return rpc::FieldError(
          "module", absl::StrCat("the course's modules are numbered 1 to ",
                                 course->modules_size()));
    }
    if (absl::Status v = CheckExtension(*course, req); !v.ok()) return v;
    e.set_course_id(req.course_id());
    e.set_user_id(req.user_id());
    e.set_module(req.module());
    *e.mutable_due_time() = req.due_time();
    e.set_reason(req.reason());
    e.set_granted_by(p.user_id());
    *e.mutable_create_time() = TimestampOf(d_.now());
    tx.InsertExtension(e);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return e;
}

absl::StatusOr<v1::ListExtensionsResponse> Progress::Extensions(
    const rpc::Principal& p, const v1::ListExtensionsRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  v1::ListExtensionsResponse out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = MayReadParticipant(tx, p, req.course_id(), user);
        !a.ok()) {
      return a;
    }
    out.Clear();
    for (v1::Extension& e : tx.ListExtensions(req.course_id(), user)) {
      *out.add_extensions() = std::move(e);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
