// Store layer: the learning_plans table.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "libs/storage/text_arrays.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

void PreparePlanStatements(pqxx::connection_base& c) {
  c.prepare("load_plan",
            "SELECT policy_question, learning_goals, version, "
            "(extract(epoch FROM update_time) * 1000000)::bigint "
            "FROM learning_plans WHERE course_id = $1 AND user_id = $2");
  // Version 1 when new; otherwise only over the version the edit was made
  // on ($5).
  c.prepare("save_plan",
            "INSERT INTO learning_plans (course_id, user_id, policy_question, "
            "learning_goals, version, update_time) "
            "VALUES ($1, $2, $3, $4, 1, to_timestamp($6 / 1e6)) "
            "ON CONFLICT (course_id, user_id) DO UPDATE SET "
            "policy_question = $3, learning_goals = $4, "
            "version = learning_plans.version + 1, update_time = "
            "to_timestamp($6 / 1e6) WHERE learning_plans.version = $5 "
            "RETURNING version");
}

std::optional<v1::LearningPlan> CoursesTx::LoadPlan(
    const std::string& course_id, const std::string& user_id) {
  pqxx::result r = tx_.exec_prepared("load_plan", course_id, user_id);
  if (r.empty()) return std::nullopt;
  v1::LearningPlan plan;
  plan.set_course_id(course_id);
  plan.set_user_id(user_id);
  plan.set_policy_question(r[0][0].as<std::string>());
  for (std::string& goal : storage::ReadTextArray(r[0][1])) {
    plan.add_learning_goals(std::move(goal));
  }
  plan.set_version(r[0][2].as<int>());
  *plan.mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          r[0][3].as<int64_t>());
  return plan;
}

bool CoursesTx::SavePlan(const v1::LearningPlan& plan, int expected_version,
                         int64_t now_micros) {
  pqxx::result r = tx_.exec_prepared(
      "save_plan", plan.course_id(), plan.user_id(), plan.policy_question(),
      storage::TextArray(plan.learning_goals()), expected_version, now_micros);
  return !r.empty();
}

}  // namespace briefdesk::courses
