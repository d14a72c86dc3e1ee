// Store layer: the analytics' queries, each over a set of courses ($1, a
// text[]), on the courses' tables and the projection (brief_facts,
// review_facts). Every one is an aggregate read by an index on course_id.
#include <pqxx/pqxx>

#include "libs/storage/text_arrays.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

// Days from `from` to `to` of the briefs of the courses that have both.
std::string DaysQuery(const char* from, const char* to) {
  return std::string(
             "SELECT count(d), coalesce(avg(d), 0), coalesce("
             "percentile_cont(0.5) WITHIN GROUP (ORDER BY d), 0) FROM (SELECT "
             "extract(epoch FROM ") +
         to + " - " + from + ") / 86400.0 AS d FROM brief_facts WHERE " +
         "course_id = ANY ($1::text[]) AND " + to + " IS NOT NULL AND " + from +
         " IS NOT NULL) x";
}

constexpr char kReviewsOfCourses[] =
    "FROM review_facts r JOIN brief_facts b USING (brief_id) WHERE "
    "b.course_id = ANY ($1::text[]) ";

}  // namespace

void PrepareAnalyticsStatements(pqxx::connection_base& c) {
  c.prepare("an_participants",
            "SELECT count(*) FROM members WHERE course_id = ANY ($1::text[]) "
            "AND course_role = 'PARTICIPANT' AND remove_time IS NULL");
  c.prepare("an_recorded",
            "SELECT module, status, count(*) FROM milestone_records WHERE "
            "course_id = ANY ($1::text[]) GROUP BY 1, 2");
  c.prepare("an_upcoming",
            "SELECT m.number, count(*) FROM modules m JOIN members p ON "
            "p.course_id = m.course_id AND p.course_role = 'PARTICIPANT' AND "
            "p.remove_time IS NULL WHERE m.course_id = ANY ($1::text[]) AND "
            "m.due_time > to_timestamp($2::float8 / 1e6) GROUP BY 1");
  c.prepare("an_briefs",
            "SELECT count(*), count(publish_time) FROM brief_facts WHERE "
            "course_id = ANY ($1::text[])");
  c.prepare("an_days_to_submission",
            DaysQuery("create_time", "first_submit_time"));
  c.prepare("an_days_to_publication", DaysQuery("create_time", "publish_time"));
  c.prepare("an_rounds", std::string("SELECT coalesce(avg(n), 0) FROM (SELECT "
                                     "count(DISTINCT r.round) AS n ") +
                             kReviewsOfCourses + "GROUP BY r.brief_id) x");
  c.prepare("an_scores",
            std::string("SELECT r.round, count(*), avg(r.evidence), "
                        "avg(r.clarity), avg(r.actionability), "
                        "avg(r.relevance) ") +
                kReviewsOfCourses + "GROUP BY r.round ORDER BY r.round");
  c.prepare("an_agreement_between_reviewers",
            std::string("SELECT count(*), count(*) FILTER (WHERE decisions = "
                        "1), coalesce(avg(spread), 0) FROM (SELECT "
                        "count(DISTINCT r.decision) AS decisions, "
                        "max(r.evidence + r.clarity + r.actionability + "
                        "r.relevance) / 4.0 - min(r.evidence + r.clarity + "
                        "r.actionability + r.relevance) / 4.0 AS spread ") +
                kReviewsOfCourses +
                "GROUP BY r.brief_id, r.round HAVING count(*) > 1) x");
  c.prepare("an_agreements",
            "SELECT count(DISTINCT (course_id, user_id)) FROM agreements "
            "WHERE course_id = ANY ($1::text[])");
  // A session's day, today and its grace are the course's time zone's; a
  // session held before its day counts as due.
  c.prepare("an_follow_ups",
            "SELECT count(*) FILTER (WHERE f.due_date < (to_timestamp($2::"
            "float8 / 1e6) AT TIME ZONE c.time_zone)::date OR f.state = "
            "'HELD'), count(*) FILTER "
            "(WHERE f.state = 'HELD'), count(*) FILTER (WHERE f.state = "
            "'HELD' AND f.held_time < (f.due_date + $3::int + 1)::timestamp "
            "AT TIME ZONE c.time_zone), count(*) FILTER (WHERE f.state = "
            "'MISSED') FROM follow_ups f JOIN courses c ON c.id = f.course_id "
            "WHERE f.course_id = ANY ($1::text[])");
  c.prepare("an_outcomes",
            "SELECT o.kind, m.constituency, m.country, o.verified, count(*) "
            "FROM follow_up_outcomes o LEFT JOIN members m ON m.course_id = "
            "o.course_id AND m.user_id = o.user_id WHERE o.course_id = ANY "
            "($1::text[]) GROUP BY 1, 2, 3, 4");
  c.prepare("an_courses",
            "SELECT id FROM courses WHERE ($1 = '' OR id IN (SELECT course_id "
            "FROM members WHERE user_id = $1 AND course_role = 'ORGANIZER' AND "
            "remove_time IS NULL)) AND ($2 = 0 OR extract(year FROM end_date) "
            ">= $2) AND ($3 = 0 OR extract(year FROM end_date) <= $3) ORDER "
            "BY id");
}

std::vector<std::string> CoursesTx::AnalyticsCourses(
    const std::string& organizer, int from_year, int to_year) {
  std::vector<std::string> out;
  for (const auto& r :
       tx_.exec_prepared("an_courses", organizer, from_year, to_year)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

AnalyticsRows CoursesTx::ReadAnalytics(const std::vector<std::string>& courses,
                                       int64_t now_micros, int grace_days) {
  const std::string ids = storage::TextArray(courses);
  AnalyticsRows a;
  a.participants = tx_.exec_prepared("an_participants", ids)[0][0].as<int>();
  for (const auto& r : tx_.exec_prepared("an_recorded", ids)) {
    a.recorded.push_back(
        {r[0].as<int>(), r[1].as<std::string>(), r[2].as<int>()});
  }
  for (const auto& r : tx_.exec_prepared("an_upcoming", ids, now_micros)) {
    a.recorded.push_back({r[0].as<int>(), "UPCOMING", r[1].as<int>()});
  }
  pqxx::row b = tx_.exec_prepared("an_briefs", ids)[0];
  a.briefs_submitted = b[0].as<int>();
  a.briefs_published = b[1].as<int>();
  for (auto [name, out] : {std::pair{"an_days_to_submission", &a.to_submission},
                           {"an_days_to_publication", &a.to_publication}}) {
    pqxx::row d = tx_.exec_prepared(name, ids)[0];
    *out = {d[0].as<int>(), d[1].as<double>(), d[2].as<double>()};
  }
  a.mean_rounds = tx_.exec_prepared("an_rounds", ids)[0][0].as<double>();
  for (const auto& r : tx_.exec_prepared("an_scores", ids)) {
    a.scores.push_back({r[0].as<int>(), r[1].as<int>(), r[2].as<double>(),
                        r[3].as<double>(), r[4].as<double>(),
                        r[5].as<double>()});
  }
  pqxx::row g = tx_.exec_prepared("an_agreement_between_reviewers", ids)[0];
  a.shared_rounds = g[0].as<int>();
  a.same_decision = g[1].as<int>();
  a.mean_spread = g[2].as<double>();
  a.agreements = tx_.exec_prepared("an_agreements", ids)[0][0].as<int>();
  pqxx::row f =
      tx_.exec_prepared("an_follow_ups", ids, now_micros, grace_days)[0];
  a.follow_ups = {f[0].as<int>(), f[1].as<int>(), f[2].as<int>(),
                  f[3].as<int>()};
  for (const auto& r : tx_.exec_prepared("an_outcomes", ids)) {
    a.outcomes.push_back({r[0].as<std::string>(),
                          r[1].is_null() ? "" : r[1].as<std::string>(),
                          r[2].is_null() ? "" : r[2].as<std::string>(),
                          r[3].as<bool>(), r[4].as<int>()});
  }
  return a;
}

}  // namespace briefdesk::courses
