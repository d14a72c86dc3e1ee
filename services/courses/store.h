// The courses service's store: every SQL statement, prepared on each pooled
// connection (PrepareCoursesStatements), one file per table:
// course_store.cc (courses, modules), member_store.cc (members), store.cc
// (idempotency keys and the unit of work). The domain sees a transaction
// as a CoursesTx and never a pqxx type.
#ifndef BRIEFDESK_SERVICES_COURSES_STORE_H_
#define BRIEFDESK_SERVICES_COURSES_STORE_H_

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "briefdesk/courses/v1/followups.pb.h"
#include "briefdesk/events/v1/events.pb.h"
#include "libs/storage/idempotency.h"

namespace pqxx {
class connection_base;
class field;
class transaction_base;
}  // namespace pqxx
namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage

namespace briefdesk::courses {

void PrepareCoursesStatements(pqxx::connection_base& conn);
void PrepareCourseStatements(pqxx::connection_base& conn);
void PrepareMemberStatements(pqxx::connection_base& conn);
void PreparePlanStatements(pqxx::connection_base& conn);
void PrepareMilestoneStatements(pqxx::connection_base& conn);
void PrepareAgreementStatements(pqxx::connection_base& conn);
void PrepareFollowUpStatements(pqxx::connection_base& conn);
void PrepareFactStatements(pqxx::connection_base& conn);
void PrepareAnalyticsStatements(pqxx::connection_base& conn);

// A message kept in a bytea column: written as base64 through SQL
// (agreement_store.cc), and read back.
std::string Stored(const google::protobuf::Message& m);
bool ParseStored(const pqxx::field& f, google::protobuf::Message* m);

// A milestone's status as recorded when its due time passed.
struct RecordedMilestone {
  std::string user_id;
  int module = 0;
  v1::MilestoneStatus status = v1::MILESTONE_STATUS_UNSPECIFIED;
  std::optional<int64_t> met_micros;
};

// One reminder: kind DUE_SOON, OVERDUE, DIGEST (user "") or FOLLOWUP;
// number is the module's or the follow-up's.
struct ReminderKey {
  std::string course_id, kind;
  int number = 0;
  std::string user_id;
  int64_t due_micros = 0;
};

// The analytics projection (fact_store.cc): a brief of a course as its
// latest event leaves it, and one review.
struct BriefFact {
  std::string brief_id, course_id, author_id, state;
  int64_t create_micros = 0;  // 0: unknown
  int64_t event_micros = 0;
  bool submitted = false;  // the event is a submission
  bool published = false;  // the event is a publication
};
struct ReviewFact {
  std::string review_id, brief_id, expert_id, decision;
  int round = 0;
  int scores[4] = {0, 0, 0, 0};  // evidence, clarity, actionability, relevance
};

// The analytics' raw figures over a set of courses (analytics_store.cc).
struct AnalyticsRows {
  struct Recorded {
    int module = 0;
    std::string status;  // ON_TIME, MISSING (as recorded) or UPCOMING
    int count = 0;
  };
  struct Days {
    int count = 0;
    double mean = 0, median = 0;
  };
  struct Scores {
    int round = 0, reviews = 0;
    double evidence = 0, clarity = 0, actionability = 0, relevance = 0;
  };
  struct FollowUps {
    int due = 0, held = 0, held_on_time = 0, missed = 0;
  };
  struct Outcomes {
    std::string kind, constituency, country;
    bool verified = false;
    int count = 0;
  };
  int participants = 0;
  std::vector<Recorded> recorded;
  int briefs_submitted = 0, briefs_published = 0;
  Days to_submission, to_publication;
  double mean_rounds = 0;
  std::vector<Scores> scores;
  int shared_rounds = 0, same_decision = 0;
  double mean_spread = 0;
  int agreements = 0;
  FollowUps follow_ups;
  std::vector<Outcomes> outcomes;
};

class CoursesTx {
 public:
  explicit CoursesTx(pqxx::transaction_base& tx) : tx_(tx) {}

  // courses and modules (course_store.cc). The stored course carries its
  // id, times and etag.
  void InsertCourse(const v1::Course& course);
  // NOT_FOUND when there is no such course; `for_update` locks its row.
  absl::StatusOr<v1::Course> LoadCourse(const std::string& id,
                                        bool for_update = false);
  // Stores every field and the modules of `course`, moving its version.
  void SaveCourse(const v1::Course& course);
  // Newest first, after the course id `after` ("" from the start): those
  // `user_id` is a member of, or every course when `user_id` is empty.
  std::vector<v1::Course> ListCourses(const std::string& user_id,
                                      const std::string& after, int limit);

  // members (member_store.cc); removed members are not found.
  std::optional<v1::Member> LoadMember(const std::string& course_id,
                                       const std::string& user_id);
  // Inserts, or updates the member's role and details (a removed member
  // comes back).
  void UpsertMember(const std::string& course_id, const v1::Member& member);
  // Whether a member was removed now.
  bool RemoveMember(const std::string& course_id, const std::string& user_id);
  // By user id, after `after`.
  std::vector<v1::Member> ListMembers(const std::string& course_id,
                                      const std::string& after, int limit);
  int CountOrganizers(const std::string& course_id);
  // Every course's membership of the person, removed ones too.
  std::vector<v1::Member> MembershipsOf(const std::string& user_id);
  // The person recorded as erased, their name replaced by `name`, address
  // and organization gone; the participants they mentored have no mentor.
  // An erased person's row is never upserted again, nor are they among
  // CourseExperts.
  void EraseMember(const std::string& user_id, const std::string& name);
  bool IsErased(const std::string& user_id);
  void SetMentor(const std::string& course_id, const std::string& user_id,
                 const std::string& mentor_id);
  // The ids of the course's experts.
  std::vector<std::string> CourseExperts(const std::string& course_id);
  void MarkAccepted(const std::string& course_id, const std::string& user_id);
  // The course made from a legacy cohort string (course_store.cc), and
  // the lock that makes one replica at a time make it.
  std::optional<std::string> CourseIdByCohort(const std::string& cohort);
  void LockCohort(const std::string& cohort);

  // learning_plans (plan_store.cc).
  std::optional<v1::LearningPlan> LoadPlan(const std::string& course_id,
                                           const std::string& user_id);
  // Version 1 when new, else the next, if the stored version is
  // `expected_version`; false (nothing written) when it is not.
  bool SavePlan(const v1::LearningPlan& plan, int expected_version,
                int64_t now_micros);

  // extensions, milestone_records, reminders (milestone_store.cc).
  void InsertExtension(const v1::Extension& e);
  // Oldest first; every participant's when `user_id` is "".
  std::vector<v1::Extension> ListExtensions(const std::string& course_id,
                                            const std::string& user_id);
  std::vector<RecordedMilestone> ListRecords(const std::string& course_id);
  // Keeps the first record of a milestone.
  void InsertRecord(const std::string& course_id, int module,
                    const std::string& user_id, v1::MilestoneStatus status,
                    int64_t due_micros, std::optional<int64_t> met_micros,
                    int64_t now_micros);
  // false when the reminder was already done (by this or another replica).
  bool InsertReminder(const ReminderKey& key, bool sent,
                      const std::string& event_id, int64_t now_micros);
  // The keys (kind, number, user id, due micros) of the course's
  // reminders done for due times from `from_micros` on, in one read.
  std::set<std::tuple<std::string, int, std::string, int64_t>> RemindersDone(
      const std::string& course_id, int64_t from_micros);
  // Courses with a due time between the instants, or follow-ups possibly
  // due between the dates (YYYY-MM-DD).
  std::vector<std::string> CoursesDue(int64_t from_micros, int64_t to_micros,
                                      const std::string& from_date,
                                      const std::string& to_date);
  // One replica at a time works on a course's reminders (until commit).
  bool TryLockReminders(const std::string& course_id);
  // An event to the outbox, in this transaction (libs/outbox).
  void Enqueue(const events::v1::Event& event,
               const std::vector<std::string>& destinations);

  // agreements (agreement_store.cc). `version` 0: the newest.
  std::optional<v1::Agreement> LoadAgreement(const std::string& course_id,
                                             const std::string& user_id,
                                             int version);
  // The next version, if the newest stored is `expected_version` (0 for
  // none); false (nothing written) when it is not.
  bool SaveAgreement(const v1::Agreement& agreement, int expected_version,
                     int64_t now_micros);
  // The participants who saved one.
  std::set<std::string> AgreementsFilled(const std::string& course_id);

  // follow_ups, follow_up_outcomes, self_reports (followup_store.cc).
  // Once per (course, participant, number).
  void InsertFollowUp(const v1::FollowUp& follow_up);
  std::optional<v1::FollowUp> LoadFollowUp(const std::string& id,
                                           bool for_update);
  // By due date; every participant's when `user_id` is "", every state
  // when `state` is "".
  std::vector<v1::FollowUp> ListFollowUps(const std::string& course_id,
                                          const std::string& user_id,
                                          const std::string& state);
  // HELD with its record, and a row per outcome.
  void RecordFollowUp(const v1::FollowUp& follow_up, int64_t held_micros);
  // SCHEDULED on its (new) due date, reason and assignee.
  void RescheduleFollowUp(const v1::FollowUp& follow_up);
  // Deletes the person's SCHEDULED sessions and the reports sent for them.
  void DropScheduledFollowUps(const std::string& user_id);
  // SCHEDULED to MISSED; false when it was not SCHEDULED.
  bool MarkMissed(const std::string& id);
  // SCHEDULED ones due between the dates (YYYY-MM-DD), every course's.
  std::vector<v1::FollowUp> ScheduledFollowUpsBetween(
      const std::string& from_date, const std::string& to_date);
  // Courses whose last module falls due between the instants.
  std::vector<std::string> CoursesClosingBetween(int64_t from_micros,
                                                 int64_t to_micros);
  void InsertSelfReport(const v1::SelfReport& report, int64_t now_micros);
  std::vector<v1::SelfReport> SelfReportsOf(
      const std::vector<std::string>& follow_up_ids);
  // A report of the participant's, not confirmed before.
  bool ConfirmSelfReport(const std::string& report_id,
                         const std::string& course_id,
                         const std::string& user_id);

  // brief_facts, review_facts (fact_store.cc).
  void RecordBriefFact(const BriefFact& fact);
  void RecordReviewFact(const ReviewFact& fact);
  bool PublishedInCourse(const std::string& course_id,
                         const std::string& user_id);
  // processed_events (libs/outbox): false for an event seen before.
  bool FirstDelivery(const std::string& event_id);

  // The analytics (analytics_store.cc): the courses an organizer organizes
  // (every course for ""), ending in the years given (0: any); their
  // figures at `now_micros`, a session held on time within `grace_days`.
  std::vector<std::string> AnalyticsCourses(const std::string& organizer,
                                            int from_year, int to_year);
  AnalyticsRows ReadAnalytics(const std::vector<std::string>& courses,
                              int64_t now_micros, int grace_days);

  // idempotency_keys (store.cc).
  // Deletes the person's stored answers, and those that hold `email`.
  void EraseAnswers(const std::string& user_id, const std::string& email);
  absl::StatusOr<std::optional<std::string>> FindAnswer(
      const storage::IdempotencyScope& scope);
  void SaveAnswer(const storage::IdempotencyScope& scope,
                  const std::string& answer);

 private:
  pqxx::transaction_base& tx_;
};

// storage::Transact (libs/storage/transact.h) on this service's unit of
// work: one transaction, which `fn` may see twice.
absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(CoursesTx&)>& fn);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_STORE_H_
