// Milestones and the reminders they call for, without I/O.
#include "services/courses/reminder_plan.h"

#include <gtest/gtest.h>

#include "services/courses/course_rules.h"
#include "services/courses/followup_rules.h"
#include "services/courses/milestones.h"

namespace briefdesk::courses {
namespace {

const absl::Time kDue = absl::FromUnixSeconds(1804003200);  // 2 Mar 2027 16:00Z
const absl::Duration kLead = absl::Hours(48);

TEST(MilestonesTest, TheFourStatuses) {
  EXPECT_EQ(StatusOf(kDue, kDue - absl::Seconds(1), kDue + absl::Hours(1)),
            v1::ON_TIME);
  EXPECT_EQ(StatusOf(kDue, kDue, kDue + absl::Hours(1)), v1::LATE);
  EXPECT_EQ(StatusOf(kDue, std::nullopt, kDue), v1::MISSING);
  EXPECT_EQ(StatusOf(kDue, std::nullopt, kDue - absl::Seconds(1)),
            v1::UPCOMING);
  // Met before the due time is ON_TIME even while it is still ahead.
  EXPECT_EQ(StatusOf(kDue, kDue - absl::Hours(5), kDue - absl::Hours(1)),
            v1::ON_TIME);
}

TEST(MilestonesTest, ARecordedOnTimeStaysWhateverTheDueTimeBecomes) {
  MilestoneFacts f;
  f.due = kDue - absl::Hours(24);  // moved earlier after it was recorded
  f.met = kDue - absl::Hours(2);
  f.recorded = v1::ON_TIME;
  f.recorded_met = kDue - absl::Hours(2);
  EXPECT_EQ(MilestoneOf(1, f, kDue + absl::Hours(1)).status(), v1::ON_TIME);
  f.recorded = v1::MISSING;  // a recorded MISSING filled later is LATE
  EXPECT_EQ(MilestoneOf(1, f, kDue + absl::Hours(1)).status(), v1::LATE);
}

class ReminderPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.course.set_id("c1");
    b_.course.set_title("International 2027");
    b_.course.set_language("fr");
    b_.course.set_time_zone("Europe/Rome");
    b_.course.set_end_date("2027-04-09");
    b_.course.mutable_follow_up()->set_interval_days(61);
    b_.course.mutable_follow_up()->set_count(6);
    v1::Module* m = b_.course.add_modules();
    m->set_number(1);
    m->set_title("The problem");
    *m->mutable_due_time() = TimestampOf(kDue);
    m->add_sections("problem");
    for (const char* id : {"late", "done"}) {
      v1::Member p;
      p.set_user_id(id);
      p.set_email(std::string(id) + "@example.org");
      p.set_course_role(v1::PARTICIPANT);
      b_.participants.push_back(p);
    }
    v1::Member o;
    o.set_user_id("org");
    o.set_course_role(v1::ORGANIZER);
    b_.organizers.push_back(o);
    briefs::v1::CourseBrief done;
    done.set_brief_id("b-done");
    done.set_author_id("done");
    *done.add_modules()->mutable_time() = TimestampOf(kDue - absl::Hours(60));
    b_.briefs["done"] = done;
  }

  std::vector<Notice> Sent(absl::Time now) {
    std::vector<Notice> out;
    for (Notice& n : PlanReminders(b_, now, kLead).notices) {
      if (n.send) out.push_back(std::move(n));
    }
    return out;
  }

  Board b_;
};

TEST_F(ReminderPlanTest, NothingBeforeTheLead) {
  EXPECT_TRUE(PlanReminders(b_, kDue - kLead - absl::Seconds(1), kLead)
                  .notices.empty());
}

TEST_F(ReminderPlanTest, DueSoonOnlyToWhoHasNotMetIt) {
  std::vector<Notice> sent = Sent(kDue - absl::Hours(47));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, events::v1::MILESTONE_DUE_SOON);
  EXPECT_EQ(sent[0].key.user_id, "late");
  EXPECT_EQ(sent[0].notice.to(0).email(), "late@example.org");
  EXPECT_EQ(sent[0].notice.language(), "fr");
  EXPECT_EQ(sent[0].notice.module_title(), "The problem");
  // The one who met it is planned as done, not sent.
  EXPECT_EQ(PlanReminders(b_, kDue - absl::Hours(47), kLead).notices.size(),
            2u);
}

TEST_F(ReminderPlanTest, AfterTheDueTimeAnOverdueNoticeAndOneDigest) {
  ReminderPlan plan = PlanReminders(b_, kDue + absl::Minutes(1), kLead);
  std::vector<Notice> sent = Sent(kDue + absl::Minutes(1));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, events::v1::MILESTONE_OVERDUE);
  EXPECT_EQ(sent[0].key.user_id, "late");
  EXPECT_EQ(sent[1].type, events::v1::MILESTONE_DIGEST);
  EXPECT_EQ(sent[1].notice.to(0).user_id(), "org");
  ASSERT_EQ(sent[1].notice.missing_size(), 1);
  EXPECT_EQ(sent[1].notice.missing(0).user_id(), "late");
  EXPECT_EQ(sent[1].notice.met(), 1);
  ASSERT_EQ(plan.records.size(), 2u);
  EXPECT_EQ(plan.records[0].status, v1::MISSING);
  EXPECT_EQ(plan.records[1].status, v1::ON_TIME);
  // A week later, nothing is said any more.
  EXPECT_TRUE(Sent(kDue + absl::Hours(24 * 7)).empty());
}

TEST_F(ReminderPlanTest, NoOrganizersNoDigestAndNothingRecordedForIt) {
  b_.organizers.clear();
  for (const Notice& n :
       PlanReminders(b_, kDue + absl::Minutes(1), kLead).notices) {
    EXPECT_NE(n.type, events::v1::MILESTONE_DIGEST);
  }
}

TEST_F(ReminderPlanTest, AnExtensionMovesTheParticipantsRemindersAndKey) {
  v1::Extension e;
  e.set_user_id("late");
  e.set_module(1);
  *e.mutable_due_time() = TimestampOf(kDue + absl::Hours(72));
  b_.extensions[{"late", 1}] = e;
  // At the course's due time: no overdue notice for the extended one, but
  // the digest still comes (they are not missing).
  std::vector<Notice> sent = Sent(kDue + absl::Minutes(1));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, events::v1::MILESTONE_DIGEST);
  EXPECT_EQ(sent[0].notice.missing_size(), 0);
  // 48 hours before the new due time, a reminder keyed by it.
  sent = Sent(kDue + absl::Hours(25));
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent[0].type, events::v1::MILESTONE_DUE_SOON);
  EXPECT_EQ(sent[0].key.due_micros, absl::ToUnixMicros(kDue + absl::Hours(72)));
}

TEST_F(ReminderPlanTest, FollowUpsFromTheEndDateInTheCoursesZone) {
  std::vector<absl::Time> days = FollowUpTimes(b_.course);
  ASSERT_EQ(days.size(), 6u);
  // 9 April 2027 + 61 days = 9 June 2027, midnight in Rome (UTC+2).
  EXPECT_EQ(days[0], absl::FromUnixSeconds(1812492000));
  // The sessions planned fall on the same days; +366 days crosses 29
  // February 2028.
  std::vector<PlannedSession> sessions =
      PlanSessions(b_.course, absl::CivilDay(2027, 4, 9));
  ASSERT_EQ(sessions.size(), 6u);
  EXPECT_EQ(DayText(sessions[0].day), "2027-06-09");
  EXPECT_EQ(DayText(sessions[5].day), "2028-04-09");
  // Planned in August (a brief published late), the sessions already past
  // are left out.
  sessions = PlanSessions(b_.course, absl::CivilDay(2027, 8, 10));
  ASSERT_EQ(sessions.size(), 4u);
  EXPECT_EQ(sessions[0].number, 3);
  EXPECT_EQ(DayText(sessions[0].day), "2027-10-09");
  // Their reminders come from the sessions (followup_notices.cc), not
  // from the milestones' plan.
  EXPECT_TRUE(Sent(days[0] - absl::Hours(47)).empty());
}

}  // namespace
}  // namespace briefdesk::courses
