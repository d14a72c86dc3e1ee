// The rules of a well-formed course, without I/O.
#include "services/courses/course_rules.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::courses {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp At(const std::string& rfc3339) {
  google::protobuf::Timestamp t;
  EXPECT_TRUE(TimeUtil::FromString(rfc3339, &t)) << rfc3339;
  return t;
}

// The International course: six modules over six weeks, Turin time.
v1::CreateCourseRequest Turin() {
  v1::CreateCourseRequest r;
  r.set_title("Evidence-based policy making for decent work");
  r.set_edition("International 2027");
  r.set_time_zone("Europe/Rome");
  r.set_start_date("2027-03-01");
  r.set_end_date("2027-04-09");
  const char* sections[6][3] = {{"problem", "", ""},
                                {"problem", "evidence", ""},
                                {"evidence", "", ""},
                                {"options", "", ""},
                                {"options", "recommendations", ""},
                                {"summary", "references", ""}};
  for (int i = 0; i < 6; ++i) {
    v1::Module* m = r.add_modules();
    m->set_title("Module " + std::to_string(i + 1));
    *m->mutable_due_time() =
        At("2027-03-0" + std::to_string(1 + i) + "T16:00:00Z");
    for (const char* s : sections[i]) {
      if (*s) m->add_sections(s);
    }
  }
  return r;
}

std::string FieldOf(const absl::Status& s) {
  auto d = rpc::DetailsOf(s);
  return d.details_size() > 0 ? d.details(0).field() : "";
}

TEST(CourseRulesTest, DefaultsAndNumbering) {
  v1::Course c = CourseFrom(Turin());
  EXPECT_TRUE(Validate(c).ok()) << Validate(c);
  EXPECT_EQ(c.language(), "en");
  EXPECT_EQ(c.reviews_per_round(), 1);
  EXPECT_EQ(c.follow_up().interval_days(), 61);
  EXPECT_EQ(c.follow_up().count(), 6);
  ASSERT_EQ(c.modules_size(), 6);
  EXPECT_EQ(c.modules(0).number(), 1);
  EXPECT_EQ(c.modules(5).number(), 6);
}

TEST(CourseRulesTest, ZeroFollowUpsIsAPlanNotADefault) {
  v1::CreateCourseRequest r = Turin();
  r.mutable_follow_up()->set_count(0);
  EXPECT_EQ(CourseFrom(r).follow_up().count(), 0);
}

TEST(CourseRulesTest, EachBadFieldIsNamed) {
  struct Case {
    std::function<void(v1::CreateCourseRequest&)> spoil;
    std::string field;
  } cases[] = {
      {[](auto& r) { r.set_time_zone("Europe/Turin"); }, "timeZone"},
      {[](auto& r) { r.set_time_zone("localtime"); }, "timeZone"},
      {[](auto& r) { r.set_time_zone("Fixed/UTC+01:00:00"); }, "timeZone"},
      {[](auto& r) { r.set_start_date("2027-02-30"); }, "startDate"},
      {[](auto& r) { r.set_end_date("9 April 2027"); }, "endDate"},
      {[](auto& r) { r.set_end_date("2027-02-01"); }, "endDate"},
      {[](auto& r) { r.set_language("English"); }, "language"},
      {[](auto& r) { r.set_title(""); }, "title"},
      {[](auto& r) { r.set_reviews_per_round(9); }, "reviewsPerRound"},
      {[](auto& r) { r.mutable_follow_up()->set_interval_days(0); },
       "followUp.intervalDays"},
      {[](auto& r) { r.mutable_follow_up()->set_count(25); }, "followUp.count"},
      {[](auto& r) {
         *r.mutable_modules(2)->mutable_due_time() = At("2027-03-02T16:00:00Z");
       },
       "modules[2].dueTime"},
      {[](auto& r) { r.mutable_modules(3)->add_sections("conclusion"); },
       "modules[3].sections"},
      {[](auto& r) { r.mutable_modules(0)->add_sections("problem"); },
       "modules[0].sections"},
      {[](auto& r) { r.mutable_modules(1)->set_title(""); },
       "modules[1].title"},
      {[](auto& r) { r.mutable_modules(4)->clear_due_time(); },
       "modules[4].dueTime"},
      {[](auto& r) {
         *r.mutable_modules(5)->mutable_due_time() = At("2027-05-01T10:00:00Z");
       },
       "modules[5].dueTime"},
  };
  for (const Case& c : cases) {
    v1::CreateCourseRequest r = Turin();
    c.spoil(r);
    absl::Status s = Validate(CourseFrom(r));
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(FieldOf(s), c.field) << s;
  }
}

TEST(CourseRulesTest, AtMostTwentyModules) {
  v1::CreateCourseRequest r = Turin();
  r.clear_modules();
  for (int i = 0; i < 21; ++i) {
    v1::Module* m = r.add_modules();
    m->set_title("Session");
    m->mutable_due_time()->set_seconds(1804003200 + i * 3600);
  }
  EXPECT_EQ(FieldOf(Validate(CourseFrom(r))), "modules");
  r.mutable_modules()->RemoveLast();
  EXPECT_TRUE(Validate(CourseFrom(r)).ok()) << Validate(CourseFrom(r));
}

TEST(CourseRulesTest, TheLastDayEndsAtMidnightInTheCourseZone) {
  v1::CreateCourseRequest r = Turin();
  // 23:30 in Rome on the end date is 21:30Z (CEST from late March).
  *r.mutable_modules(5)->mutable_due_time() = At("2027-04-09T21:30:00Z");
  EXPECT_TRUE(Validate(CourseFrom(r)).ok());
  *r.mutable_modules(5)->mutable_due_time() = At("2027-04-09T22:30:00Z");
  EXPECT_EQ(FieldOf(Validate(CourseFrom(r))), "modules[5].dueTime");
}

TEST(CourseRulesTest, UpdatesChangeOnlyWhatTheyName) {
  v1::Course c = CourseFrom(Turin());
  v1::UpdateCourseRequest u;
  u.set_title("New title");
  v1::Course after = Updated(c, u);
  EXPECT_EQ(after.title(), "New title");
  EXPECT_EQ(after.modules_size(), 6);
  EXPECT_EQ(after.time_zone(), "Europe/Rome");
  u.add_modules()->set_title("Only one");
  EXPECT_EQ(Updated(c, u).modules_size(), 1);
}

TEST(CourseRulesTest, ModulesPastTheirDueTimeStay) {
  v1::Course before = CourseFrom(Turin());
  v1::Course after = before;
  after.mutable_modules()->RemoveLast();
  absl::Time before_last, after_all;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, "2027-03-10T00:00:00Z",
                              &after_all, nullptr));
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, "2027-03-05T00:00:00Z",
                              &before_last, nullptr));
  EXPECT_TRUE(KeepsPastModules(before, after, before_last).ok());
  absl::Status s = KeepsPastModules(before, after, after_all);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FieldOf(s), "modules");
}

TEST(CourseRulesTest, SectionsAreTheBriefsSections) {
  EXPECT_EQ(SectionNames(), (std::vector<std::string>{
                                "summary", "problem", "evidence", "options",
                                "recommendations", "references"}));
}

}  // namespace
}  // namespace briefdesk::courses
