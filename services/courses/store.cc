// Store layer: the idempotency keys of POST /v1/courses, and the
// transaction the domain runs its work in.
#include "services/courses/store.h"

#include <pqxx/pqxx>

#include "libs/storage/pg_pool.h"
#include "libs/storage/transact.h"

namespace briefdesk::courses {

void PrepareCoursesStatements(pqxx::connection_base& c) {
  PrepareCourseStatements(c);
  PrepareMemberStatements(c);
  PreparePlanStatements(c);
  PrepareMilestoneStatements(c);
  PrepareAgreementStatements(c);
  PrepareFollowUpStatements(c);
  PrepareFactStatements(c);
  PrepareAnalyticsStatements(c);
  // Stored first answers that are the person's or hold their address.
  c.prepare("erase_answers",
            "DELETE FROM idempotency_keys WHERE user_id = $1 OR ($2 <> '' "
            "AND position(convert_to($2, 'UTF8') IN response) > 0)");
}

absl::StatusOr<std::optional<std::string>> CoursesTx::FindAnswer(
    const storage::IdempotencyScope& scope) {
  return storage::FindAnswer(static_cast<pqxx::work&>(tx_), scope);
}

void CoursesTx::SaveAnswer(const storage::IdempotencyScope& scope,
                           const std::string& answer) {
  storage::SaveAnswer(static_cast<pqxx::work&>(tx_), scope, answer);
}

void CoursesTx::EraseAnswers(const std::string& user_id,
                             const std::string& email) {
  tx_.exec_prepared("erase_answers", user_id, email);
}

absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(CoursesTx&)>& fn) {
  return storage::Transact<CoursesTx>(pool, fn);
}

}  // namespace briefdesk::courses
