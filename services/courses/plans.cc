#include "services/courses/plans.h"

#include "absl/strings/str_cat.h"
#include "libs/validation/validation.h"
#include "services/courses/course_access.h"
#include "services/courses/progress.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

v1::LearningPlan WithEtag(v1::LearningPlan plan) {
  plan.set_etag(absl::StrCat("p", plan.version()));
  return plan;
}

// The stored plan, or version 0 with nothing in it.
v1::LearningPlan Current(CoursesTx& tx, const std::string& course_id,
                         const std::string& user_id) {
  if (auto plan = tx.LoadPlan(course_id, user_id)) return WithEtag(*plan);
  v1::LearningPlan empty;
  empty.set_course_id(course_id);
  empty.set_user_id(user_id);
  return WithEtag(empty);
}

}  // namespace

absl::Status ValidatePlan(const v1::LearningPlan& plan) {
  if (absl::Status s = validation::ValidateText("policyQuestion",
                                                plan.policy_question(), 1, 300);
      !s.ok()) {
    return s;
  }
  if (plan.learning_goals_size() < 1 ||
      plan.learning_goals_size() > kMaxLearningGoals) {
    return rpc::FieldError("learningGoals", "one to five learning goals");
  }
  for (int i = 0; i < plan.learning_goals_size(); ++i) {
    if (absl::Status s =
            validation::ValidateText(absl::StrCat("learningGoals[", i, "]"),
                                     plan.learning_goals(i), 1, 500);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::LearningPlan> Plans::Get(const rpc::Principal& p,
                                            const v1::GetPlanRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  v1::LearningPlan out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = MayReadParticipant(tx, p, req.course_id(), user);
        !a.ok()) {
      return a;
    }
    out = Current(tx, req.course_id(), user);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::LearningPlan> Plans::Update(
    const rpc::Principal& p, const v1::UpdatePlanRequest& req) {
  std::string user = UserIdOf(p, req.user_id());
  v1::LearningPlan out;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) -> absl::Status {
    if (absl::Status a = MayReadParticipant(tx, p, req.course_id(), user);
        !a.ok()) {
      return a;
    }
    if (user != p.user_id()) {
      return absl::PermissionDeniedError(
          "a learning plan is written by its participant");
    }
    v1::LearningPlan plan = Current(tx, req.course_id(), user);
    if (absl::Status m =
            rpc::CheckIfMatch(req.if_match(), plan.etag(), "learning plan");
        !m.ok()) {
      return m;
    }
    if (req.has_policy_question()) {
      plan.set_policy_question(req.policy_question());
    }
    if (req.learning_goals_size() > 0) {
      *plan.mutable_learning_goals() = req.learning_goals();
    }
    if (absl::Status v = ValidatePlan(plan); !v.ok()) return v;
    if (!tx.SavePlan(plan, plan.version(), absl::ToUnixMicros(d_.now()))) {
      return absl::AbortedError("the learning plan changed meanwhile");
    }
    out = Current(tx, req.course_id(), user);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::courses
