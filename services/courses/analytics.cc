#include "services/courses/analytics.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/csv/csv.h"
#include "services/courses/course_access.h"

namespace briefdesk::courses {
namespace {

void AddCounts(const std::map<std::string, int>& counts,
               google::protobuf::RepeatedPtrField<v1::Count>* out) {
  for (const auto& [key, n] : counts) {
    v1::Count* c = out->Add();
    c->set_key(key);
    c->set_count(n);
  }
}

void SetModules(const AnalyticsRows& rows, v1::Analytics* a) {
  std::map<int, v1::ModuleCompletion> modules;
  for (const AnalyticsRows::Recorded& r : rows.recorded) {
    v1::ModuleCompletion& m = modules[r.module];
    m.set_number(r.module);
    if (r.status == "ON_TIME") m.set_on_time(m.on_time() + r.count);
    if (r.status == "MISSING") m.set_missing(m.missing() + r.count);
    if (r.status == "UPCOMING") m.set_upcoming(m.upcoming() + r.count);
  }
  for (auto& [number, m] : modules) *a->add_modules() = std::move(m);
}

void SetReviews(const AnalyticsRows& rows, v1::Analytics* a) {
  a->set_mean_rounds(rows.mean_rounds);
  for (const AnalyticsRows::Scores& s : rows.scores) {
    v1::RoundScores* r = a->add_scores_by_round();
    r->set_round(s.round);
    r->set_reviews(s.reviews);
    r->set_evidence(s.evidence);
    r->set_clarity(s.clarity);
    r->set_actionability(s.actionability);
    r->set_relevance(s.relevance);
    r->set_overall((s.evidence + s.clarity + s.actionability + s.relevance) /
                   4);
  }
  v1::ReviewerAgreement* g = a->mutable_reviewer_agreement();
  g->set_rounds(rows.shared_rounds);
  g->set_same_decision(rows.same_decision);
  g->set_mean_score_spread(rows.mean_spread);
}

void SetOutcomes(const AnalyticsRows& rows, v1::Analytics* a) {
  std::map<std::string, int> kinds, constituencies, countries;
  for (const AnalyticsRows::Outcomes& o : rows.outcomes) {
    a->set_outcomes(a->outcomes() + o.count);
    if (o.verified) a->set_outcomes_verified(a->outcomes_verified() + o.count);
    kinds[o.kind] += o.count;
    constituencies[o.constituency] += o.count;
    countries[o.country] += o.count;
  }
  AddCounts(kinds, a->mutable_outcomes_by_kind());
  AddCounts(constituencies, a->mutable_outcomes_by_constituency());
  AddCounts(countries, a->mutable_outcomes_by_country());
}

void SetDays(const AnalyticsRows::Days& d, v1::DaysStats* out) {
  out->set_count(d.count);
  out->set_mean(d.mean);
  out->set_median(d.median);
}

std::string Number(double v) { return absl::StrFormat("%.4g", v); }

}  // namespace

v1::Analytics AnalyticsOf(const AnalyticsRows& rows, int courses) {
  v1::Analytics a;
  a.set_courses(courses);
  a.set_participants(rows.participants);
  SetModules(rows, &a);
  a.set_briefs_submitted(rows.briefs_submitted);
  a.set_briefs_published(rows.briefs_published);
  a.set_publication_rate(rows.participants == 0
                             ? 0
                             : static_cast<double>(rows.briefs_published) /
                                   rows.participants);
  SetDays(rows.to_submission, a.mutable_days_to_submission());
  SetDays(rows.to_publication, a.mutable_days_to_publication());
  SetReviews(rows, &a);
  a.set_agreements_filled(rows.agreements);
  a.set_follow_ups_due(rows.follow_ups.due);
  a.set_follow_ups_held(rows.follow_ups.held);
  a.set_follow_ups_held_on_time(rows.follow_ups.held_on_time);
  a.set_follow_ups_missed(rows.follow_ups.missed);
  SetOutcomes(rows, &a);
  return a;
}

std::string AnalyticsCsv(const v1::Analytics& a) {
  std::vector<std::vector<std::string>> rows = {{"metric", "key", "value"}};
  auto add = [&](const std::string& metric, const std::string& key,
                 const std::string& value) {
    rows.push_back({metric, key, value});
  };
  add("courses", "", absl::StrCat(a.courses()));
  add("participants", "", absl::StrCat(a.participants()));
  for (const v1::ModuleCompletion& m : a.modules()) {
    std::string key = absl::StrCat("module ", m.number());
    add("milestonesOnTime", key, absl::StrCat(m.on_time()));
    add("milestonesMissing", key, absl::StrCat(m.missing()));
    add("milestonesUpcoming", key, absl::StrCat(m.upcoming()));
  }
  add("briefsSubmitted", "", absl::StrCat(a.briefs_submitted()));
  add("briefsPublished", "", absl::StrCat(a.briefs_published()));
  add("publicationRate", "", Number(a.publication_rate()));
  add("daysToSubmission", "median", Number(a.days_to_submission().median()));
  add("daysToSubmission", "mean", Number(a.days_to_submission().mean()));
  add("daysToPublication", "median", Number(a.days_to_publication().median()));
  add("daysToPublication", "mean", Number(a.days_to_publication().mean()));
  add("meanRounds", "", Number(a.mean_rounds()));
  for (const v1::RoundScores& s : a.scores_by_round()) {
    add("meanScore", absl::StrCat("round ", s.round()), Number(s.overall()));
  }
  add("reviewerAgreement", "rounds",
      absl::StrCat(a.reviewer_agreement().rounds()));
  add("reviewerAgreement", "sameDecision",
      absl::StrCat(a.reviewer_agreement().same_decision()));
  add("reviewerAgreement", "meanScoreSpread",
      Number(a.reviewer_agreement().mean_score_spread()));
  add("agreementsFilled", "", absl::StrCat(a.agreements_filled()));
  add("followUpsDue", "", absl::StrCat(a.follow_ups_due()));
  add("followUpsHeld", "", absl::StrCat(a.follow_ups_held()));
  add("followUpsHeldOnTime", "", absl::StrCat(a.follow_ups_held_on_time()));
  add("followUpsMissed", "", absl::StrCat(a.follow_ups_missed()));
  add("outcomes", "", absl::StrCat(a.outcomes()));
  add("outcomesVerified", "", absl::StrCat(a.outcomes_verified()));
  for (const auto& [metric, list] :
       {std::pair{"outcomesByKind", &a.outcomes_by_kind()},
        {"outcomesByConstituency", &a.outcomes_by_constituency()},
        {"outcomesByCountry", &a.outcomes_by_country()}}) {
    for (const v1::Count& c : *list)
      add(metric, c.key(), absl::StrCat(c.count()));
  }
  return csv::Write(rows);
}

absl::StatusOr<v1::Analytics> CourseAnalytics::Read(
    const std::vector<std::string>& courses) {
  AnalyticsRows rows;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) {
    rows = tx.ReadAnalytics(
        courses, absl::ToUnixMicros(d_.now()),
        static_cast<int>(absl::ToInt64Hours(d_.followup_grace) / 24));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return AnalyticsOf(rows, static_cast<int>(courses.size()));
}

absl::StatusOr<v1::Analytics> CourseAnalytics::OfCourse(
    const rpc::Principal& p, const v1::GetCourseAnalyticsRequest& req) {
  absl::Status allowed = Transact(d_.pool, [&](CoursesTx& tx) {
    return RequireOrganizer(tx, p, req.course_id());
  });
  if (!allowed.ok()) return allowed;
  auto a = Read({req.course_id()});
  if (!a.ok()) return a;
  a->set_course_id(req.course_id());
  if (req.as_csv()) a->set_csv(AnalyticsCsv(*a));
  return a;
}

absl::StatusOr<v1::Analytics> CourseAnalytics::Across(
    const rpc::Principal& p, const v1::GetAnalyticsRequest& req) {
  bool admin = IsAdmin(p);
  if (!admin && !rpc::HasRole(p, directory::v1::ORGANIZER)) {
    return absl::PermissionDeniedError(
        "analytics are for organizers and admins");
  }
  std::vector<std::string> courses;
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) {
    courses = tx.AnalyticsCourses(admin ? "" : p.user_id(), req.from_year(),
                                  req.to_year());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  auto a = Read(courses);
  if (!a.ok()) return a;
  if (req.as_csv()) a->set_csv(AnalyticsCsv(*a));
  return a;
}

}  // namespace briefdesk::courses
