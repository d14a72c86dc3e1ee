#include "services/courses/followup_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/rpc/rpc.h"
#include "libs/validation/validation.h"
#include "services/courses/course_rules.h"

namespace briefdesk::courses {
namespace {

using validation::ValidateText;

std::string At(const std::string& list, int i, const std::string& field) {
  return absl::StrCat(list, "[", i, "].", field);
}

absl::Status ValidateAction(int i, const v1::AgreedAction& a) {
  if (auto s = ValidateText(At("actions", i, "what"), a.what(), 1, 500,
                            text::Lines::kMany);
      !s.ok()) {
    return s;
  }
  if (auto s =
          ValidateText(At("actions", i, "withWhom"), a.with_whom(), 0, 300);
      !s.ok()) {
    return s;
  }
  if (!a.by_date().empty()) {
    if (auto d = DayOf(At("actions", i, "byDate"), a.by_date()); !d.ok()) {
      return d.status();
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAgreement(const v1::Agreement& a) {
  if (a.actions_size() < 1 || a.actions_size() > kMaxAgreedActions) {
    return rpc::FieldError("actions", "one to ten actions: what you will do");
  }
  for (int i = 0; i < a.actions_size(); ++i) {
    if (absl::Status s = ValidateAction(i, a.actions(i)); !s.ok()) return s;
  }
  if (auto s =
          ValidateText("audience", a.audience(), 0, 1000, text::Lines::kMany);
      !s.ok()) {
    return s;
  }
  return ValidateText("supportNeeded", a.support_needed(), 0, 2000,
                      text::Lines::kMany);
}

absl::Status ValidateProgress(
    const google::protobuf::RepeatedPtrField<v1::ActionProgress>& progress,
    int actions) {
  std::set<int> seen;
  for (int i = 0; i < progress.size(); ++i) {
    const v1::ActionProgress& p = progress[i];
    if (p.action() < 1 || p.action() > actions) {
      return rpc::FieldError(
          At("actionProgress", i, "action"),
          actions == 0 ? "the participant's agreement has no actions yet"
                       : absl::StrCat("must be an action of the agreement, 1 "
                                      "to ",
                                      actions));
    }
    if (!seen.insert(p.action()).second) {
      return rpc::FieldError(At("actionProgress", i, "action"),
                             "names an action twice");
    }
    if (p.status() == v1::ActionProgress::STATUS_UNSPECIFIED) {
      return rpc::FieldError(
          At("actionProgress", i, "status"),
          "is required: NOT_STARTED, IN_PROGRESS, DONE or DROPPED");
    }
    if (auto s = ValidateText(At("actionProgress", i, "note"), p.note(), 0,
                              2000, text::Lines::kMany);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOutcomes(
    const google::protobuf::RepeatedPtrField<v1::Outcome>& outcomes) {
  if (outcomes.size() > kMaxOutcomes) {
    return rpc::FieldError("outcomes", "at most 20 outcomes");
  }
  for (int i = 0; i < outcomes.size(); ++i) {
    const v1::Outcome& o = outcomes[i];
    if (o.kind() == v1::Outcome::KIND_UNSPECIFIED) {
      return rpc::FieldError(At("outcomes", i, "kind"), "is required");
    }
    if (o.significance() == v1::Outcome::SIGNIFICANCE_UNSPECIFIED) {
      return rpc::FieldError(At("outcomes", i, "significance"),
                             "is required: LOW, MEDIUM or HIGH");
    }
    const std::pair<const char*, std::pair<const std::string*, size_t>>
        texts[] = {{"description", {&o.description(), 2000}},
                   {"contribution", {&o.contribution(), 2000}},
                   {"source", {&o.source(), 500}},
                   {"verifiedBy", {&o.verified_by(), 300}}};
    for (const auto& [name, text] : texts) {
      size_t min = std::string_view(name) == "description" ? 1 : 0;
      if (auto s = ValidateText(At("outcomes", i, name), *text.first, min,
                                text.second, text::Lines::kMany);
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Time AgreementOpens(const v1::Course& course) {
  if (course.modules_size() > 0) {
    return TimeOf(course.modules(course.modules_size() - 1).due_time());
  }
  auto zone = ZoneOf("timeZone", course.time_zone());
  auto end = DayOf("endDate", course.end_date());
  if (!zone.ok() || !end.ok()) return absl::InfinitePast();
  return absl::FromCivil(*end + 1, *zone);
}

std::vector<PlannedSession> PlanSessions(const v1::Course& course,
                                         absl::CivilDay today) {
  std::vector<PlannedSession> out;
  auto end = DayOf("endDate", course.end_date());
  if (!end.ok()) return out;
  for (int k = 1; k <= course.follow_up().count(); ++k) {
    absl::CivilDay day = *end + k * course.follow_up().interval_days();
    if (day >= today) out.push_back({k, day});
  }
  return out;
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay DayIn(const v1::Course& course, absl::Time t) {
  auto zone = ZoneOf("timeZone", course.time_zone());
  return absl::ToCivilDay(t, zone.ok() ? *zone : absl::UTCTimeZone());
}

}  // namespace briefdesk::courses
