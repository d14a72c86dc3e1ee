// The courses domain and store in process, on a real PostgreSQL; the
// directory is a fake that keeps accounts by e-mail address.
#include "services/courses/courses.h"

#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>
#include <set>

#include "libs/outbox/outbox.h"
#include "libs/storage/migrations.h"
#include "libs/storage/pg_pool.h"
#include "services/courses/cohort_migration.h"
#include "services/courses/members.h"
#include "services/courses/store.h"
#include "tests/harness/postgres.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;
using briefdesk::testing::Postgres;

class FakeDirectory final : public DirectoryClient {
 public:
  absl::StatusOr<dir::User> GetUser(const std::string& id) override {
    for (auto& [email, u] : by_email) {
      if (u.id() == id) return u;
    }
    dir::User u;  // a caller the directory made before the test looked
    u.set_id(id);
    u.set_display_name("User " + id);
    u.set_email(id + "@example.org");
    return u;
  }
  absl::StatusOr<dir::EnsureUsersResponse> EnsureUsers(
      const dir::EnsureUsersRequest& req) override {
    dir::EnsureUsersResponse out;
    for (const dir::Person& p : req.people()) {
      dir::EnsuredUser* e = out.add_users();
      auto it = by_email.find(p.email());
      if (it == by_email.end()) {
        dir::User u;
        u.set_id("u" + std::to_string(by_email.size() + 100));
        u.set_display_name(p.display_name());
        u.set_email(p.email());
        it = by_email.emplace(p.email(), u).first;
        e->set_created(true);
      }
      *e->mutable_user() = it->second;
    }
    return out;
  }
  absl::StatusOr<dir::User> InviteUser(
      const dir::InviteUserRequest& req) override {
    invited.push_back(req.user_id());
    return GetUser(req.user_id());
  }
  absl::StatusOr<dir::ListLegacyCohortsResponse> ListLegacyCohorts() override {
    return legacy;
  }
  absl::StatusOr<dir::LinkCohortResponse> LinkCohort(
      const std::string& cohort, const std::string& course_id) override {
    links[cohort] = course_id;
    return dir::LinkCohortResponse();
  }
  std::map<std::string, dir::User> by_email;
  std::vector<std::string> invited;
  dir::ListLegacyCohortsResponse legacy;
  std::map<std::string, std::string> links;
};

rpc::Principal Who(const std::string& id, dir::Role role) {
  rpc::Principal p;
  p.set_user_id(id);
  p.add_roles(role);
  return p;
}

class CoursesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pg_ = new Postgres();
    pg_->Start();
    pg_->CreateDatabase("courses");
    pqxx::connection conn(pg_->url("courses"));
    ASSERT_TRUE(
        storage::Migrate(conn, outbox::Migrations(), outbox::kMigrationsTable)
            .ok());
    ASSERT_TRUE(storage::Migrate(conn, storage::EmbeddedMigrations()).ok());
  }
  static void TearDownTestSuite() { delete pg_; }

  CoursesTest()
      : pool_(pg_->url("courses"), 2, PrepareCoursesStatements),
        deps_{.pool = &pool_,
              .directory = &directory_,
              .now = [this] { return now_; }},
        courses_(deps_),
        members_(deps_) {}

  // Six modules a week apart from 2 March 2027, 17:00 in Turin.
  v1::CreateCourseRequest Request() {
    v1::CreateCourseRequest r;
    r.set_title("Evidence-based policy making");
    r.set_time_zone("Europe/Rome");
    r.set_start_date("2027-03-01");
    r.set_end_date("2027-04-09");
    for (int i = 0; i < 6; ++i) {
      v1::Module* m = r.add_modules();
      m->set_title("Module " + std::to_string(i + 1));
      m->mutable_due_time()->set_seconds(1804003200 + i * 7 * 86400);
      m->add_sections(i < 3 ? "problem" : "options");
    }
    return r;
  }

  v1::Course MustCreate() {
    auto c = courses_.Create(organizer_, "", Request());
    EXPECT_TRUE(c.ok()) << c.status();
    return c.value_or(v1::Course());
  }

  v1::Member Enrol(const v1::Course& c, const std::string& email,
                   v1::CourseRole role) {
    v1::AddMemberRequest req;
    req.set_course_id(c.id());
    req.set_email(email);
    req.set_display_name("Person " + email);
    req.set_course_role(role);
    auto m = members_.Add(organizer_, req);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.value_or(v1::Member());
  }

  static Postgres* pg_;
  storage::PgPool pool_;
  FakeDirectory directory_;
  absl::Time now_ = absl::FromUnixSeconds(1800000000);  // February 2027
  CoursesDeps deps_;
  class Courses courses_;
  Members members_;
  rpc::Principal organizer_ = Who("org1", dir::ORGANIZER);
  rpc::Principal admin_ = Who("admin", dir::ADMIN);
};

Postgres* CoursesTest::pg_ = nullptr;

TEST_F(CoursesTest, TheCreatorIsTheOrganizerAndOnlyMembersSeeIt) {
  v1::Course c = MustCreate();
  EXPECT_FALSE(c.id().empty());
  EXPECT_FALSE(c.etag().empty());
  EXPECT_EQ(c.modules_size(), 6);
  EXPECT_TRUE(courses_.Get(organizer_, c.id()).ok());
  EXPECT_TRUE(courses_.Get(admin_, c.id()).ok());
  auto stranger = courses_.Get(Who("x", dir::PARTICIPANT), c.id());
  EXPECT_EQ(stranger.status().code(), absl::StatusCode::kNotFound);
  auto listed = courses_.List(organizer_, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_GE(listed->courses_size(), 1);
  EXPECT_EQ(listed->courses(0).id(), c.id());  // newest first
  EXPECT_EQ(courses_.List(Who("x", dir::PARTICIPANT), {})->courses_size(), 0);
}

TEST_F(CoursesTest, ListsComeInPagesEachItemOnce) {
  rpc::Principal org =
      Who("pager-" + std::to_string(absl::ToUnixNanos(absl::Now())),
          dir::ORGANIZER);
  std::set<std::string> made, seen;
  for (int i = 0; i < 5; ++i)
    made.insert(courses_.Create(org, "", Request())->id());
  v1::ListCoursesRequest req;
  req.set_page_size(2);
  int pages = 0;
  do {
    auto page = courses_.List(org, req);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::Course& c : page->courses()) {
      EXPECT_TRUE(seen.insert(c.id()).second) << c.id();
      EXPECT_EQ(c.modules_size(), 6) << c.id();
    }
    req.set_page_token(page->next_page_token());
    ++pages;
  } while (!req.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, made);
  req.set_page_token("not-a-token");
  EXPECT_EQ(courses_.List(org, req).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CoursesTest, ParticipantsDoNotCreateCourses) {
  auto c = courses_.Create(Who("p", dir::PARTICIPANT), "", Request());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(CoursesTest, AnIdempotencyKeyAnswersTheFirstCourse) {
  auto a = courses_.Create(organizer_, "key-1", Request());
  auto b = courses_.Create(organizer_, "key-1", Request());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id(), b->id());
}

TEST_F(CoursesTest, EditsNeedTheCurrentEtag) {
  v1::Course c = MustCreate();
  v1::UpdateCourseRequest u;
  u.set_id(c.id());
  u.set_title("Renamed");
  EXPECT_TRUE(
      rpc::IsPreconditionRequired(courses_.Update(organizer_, u).status()));
  u.add_if_match("c999");
  EXPECT_EQ(courses_.Update(organizer_, u).status().code(),
            absl::StatusCode::kAborted);
  u.set_if_match(0, c.etag());
  auto changed = courses_.Update(organizer_, u);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->title(), "Renamed");
  EXPECT_NE(changed->etag(), c.etag());
  EXPECT_EQ(changed->modules_size(), 6);
  u.set_if_match(0, changed->etag());  // the same again changes nothing
  EXPECT_EQ(courses_.Update(organizer_, u)->etag(), changed->etag());
}

TEST_F(CoursesTest, OnlyOrganizersEdit) {
  v1::Course c = MustCreate();
  v1::Member p = Enrol(c, "amina@example.org", v1::PARTICIPANT);
  v1::UpdateCourseRequest u;
  u.set_id(c.id());
  u.add_if_match("*");
  u.set_title("Mine now");
  EXPECT_EQ(
      courses_.Update(Who(p.user_id(), dir::PARTICIPANT), u).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      courses_.Update(Who("other-org", dir::ORGANIZER), u).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(courses_.Update(admin_, u).ok());
}

TEST_F(CoursesTest, AStartedCourseKeepsItsPastModules) {
  v1::Course c = MustCreate();
  v1::UpdateCourseRequest u;
  u.set_id(c.id());
  u.add_if_match("*");
  for (int i = 0; i < 3; ++i) *u.add_modules() = c.modules(i);
  now_ = absl::FromUnixSeconds(1804003200 + 4 * 7 * 86400);  // after module 5
  auto refused = courses_.Update(organizer_, u);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  now_ = absl::FromUnixSeconds(1804003200 + 7 * 86400);  // after module 2
  auto kept = courses_.Update(organizer_, u);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->modules_size(), 3);
}

TEST_F(CoursesTest, MembersAreEnrolledOnceByAddress) {
  v1::Course c = MustCreate();
  v1::Member a = Enrol(c, "amina@example.org", v1::PARTICIPANT);
  EXPECT_EQ(a.invitation_state(), v1::PENDING);  // a new account
  EXPECT_EQ(a.course_id(), c.id());
  v1::Member again = Enrol(c, "amina@example.org", v1::EXPERT);
  EXPECT_EQ(again.user_id(), a.user_id());
  EXPECT_EQ(again.course_role(), v1::EXPERT);
  v1::ListMembersRequest list;
  list.set_course_id(c.id());
  auto all = members_.List(organizer_, list);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->members_size(), 2);  // the organizer and Amina
}

TEST_F(CoursesTest, ExpertsListWithoutAddressesParticipantsNotAtAll) {
  v1::Course c = MustCreate();
  v1::Member e = Enrol(c, "expert@example.org", v1::EXPERT);
  v1::Member p = Enrol(c, "p@example.org", v1::PARTICIPANT);
  v1::ListMembersRequest list;
  list.set_course_id(c.id());
  auto seen = members_.List(Who(e.user_id(), dir::EXPERT), list);
  ASSERT_TRUE(seen.ok());
  for (const v1::Member& m : seen->members()) EXPECT_EQ(m.email(), "");
  EXPECT_EQ(
      members_.List(Who(p.user_id(), dir::PARTICIPANT), list).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_F(CoursesTest, TheLastOrganizerStays) {
  v1::Course c = MustCreate();
  v1::RemoveMemberRequest r;
  r.set_course_id(c.id());
  r.set_user_id(organizer_.user_id());
  EXPECT_EQ(members_.Remove(organizer_, r).code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Member p = Enrol(c, "leaves@example.org", v1::PARTICIPANT);
  r.set_user_id(p.user_id());
  EXPECT_TRUE(members_.Remove(organizer_, r).ok());
  EXPECT_EQ(members_.Remove(organizer_, r).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(
      courses_.Get(Who(p.user_id(), dir::PARTICIPANT), c.id()).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_F(CoursesTest, ACohortBecomesOneCourseWithItsPeopleAndIsLinkedOnce) {
  dir::LegacyCohort* c = directory_.legacy.add_cohorts();
  c->set_cohort("2021-south-asia");
  c->mutable_first_brief_time()->set_seconds(1617235200);  // 1 April 2021
  c->mutable_last_brief_time()->set_seconds(1622505600);   // 1 June 2021
  for (auto [id, role] :
       {std::pair{"p1", dir::PARTICIPANT}, std::pair{"e1", dir::EXPERT},
        std::pair{"ed", dir::EDITOR}}) {
    dir::User* u = c->add_users();
    u->set_id(id);
    u->set_display_name(std::string("Person ") + id);
    u->add_roles(role);
  }
  auto migrated = MigrateCohorts(deps_);
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  EXPECT_EQ(*migrated, 1);
  ASSERT_EQ(directory_.links.count("2021-south-asia"), 1u);
  std::string id = directory_.links["2021-south-asia"];
  auto course = courses_.Get(Who("p1", dir::PARTICIPANT), id);
  ASSERT_TRUE(course.ok()) << course.status();
  EXPECT_EQ(course->title(), "Cohort 2021-south-asia");
  EXPECT_EQ(course->start_date(), "2021-04-01");
  EXPECT_EQ(course->end_date(), "2021-06-01");
  EXPECT_EQ(course->follow_up().count(), 0);
  // The editor is not a member; the expert is.
  EXPECT_FALSE(courses_.Get(Who("ed", dir::EDITOR), id).ok());
  EXPECT_TRUE(courses_.Get(Who("e1", dir::EXPERT), id).ok());
  // Run again (another replica, a restart): the same course.
  directory_.links.clear();
  ASSERT_TRUE(MigrateCohorts(deps_).ok());
  EXPECT_EQ(directory_.links["2021-south-asia"], id);
}

}  // namespace
}  // namespace briefdesk::courses
