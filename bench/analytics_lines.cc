// The analytics lines: six years of trainings (--analytics-years), fifty
// courses a year of thirty participants each (300 courses, 9,000
// participants), written
// straight into the courses database in a few set-based statements (the
// REST route would take hours): modules and their recorded milestones,
// the projection of briefs and reviews (two reviews a round, one to three
// rounds), agreements, six follow-up sessions for each participant with
// one, held, missed or scheduled, and outcomes of the sessions held. Then
// one course's figures, every course's (as an admin), and as CSV.
#include <pqxx/pqxx>

#include "bench/lines.h"

namespace briefdesk::bench {
namespace {

constexpr int kCoursesAYear = 50;
constexpr int kParticipants = 30;

// Every statement is one pass over generate_series; ids are made from the
// numbers so the tables join. `$1` is the organizer's user id.
const char* const kSeed[] = {
    "INSERT INTO courses (id, title, time_zone, start_date, end_date, "
    "update_time) SELECT 'an-c' || c, 'Analytics course ' || c, "
    "'Europe/Rome', make_date(2020 + c / 50, 3, 1), make_date(2020 + c / 50, "
    "4, 12), now() FROM generate_series(0, 299) c",
    "INSERT INTO modules (course_id, number, title, due_time, sections) "
    "SELECT 'an-c' || c, m, 'Module ' || m, make_timestamptz(2020 + c / 50, "
    "3, 1, 12, 0, 0, 'UTC') + 7 * m * interval '1 day', '{problem}' FROM "
    "generate_series(0, 299) c, generate_series(1, 6) m",
    "INSERT INTO members (course_id, user_id, course_role, display_name, "
    "email) SELECT 'an-c' || c, $1, 'ORGANIZER', 'Organizer', "
    "'organizer@example.org' FROM generate_series(0, 299) c",
    "INSERT INTO members (course_id, user_id, course_role, display_name, "
    "email, constituency, country) SELECT 'an-c' || c, 'an-p' || c || '-' || "
    "p, 'PARTICIPANT', 'Participant ' || p, 'p' || c || '-' || p || "
    "'@example.org', (ARRAY['GOVERNMENT','WORKERS','EMPLOYERS'])[1 + p % 3], "
    "(ARRAY['SN','PE','TR','PH','KE','JO'])[1 + (c + p) % 6] FROM "
    "generate_series(0, 299) c, generate_series(0, 29) p",
    "INSERT INTO milestone_records (course_id, module, user_id, status, "
    "due_time, record_time) SELECT 'an-c' || c, m, 'an-p' || c || '-' || p, "
    "CASE WHEN (c + p + m) % 7 = 0 THEN 'MISSING' ELSE 'ON_TIME' END, "
    "make_timestamptz(2020 + c / 50, 3, 1, 12, 0, 0, 'UTC') + 7 * m * "
    "interval '1 day', now() "
    "FROM generate_series(0, 299) c, generate_series(0, 29) p, "
    "generate_series(1, 6) m",
    "INSERT INTO brief_facts (brief_id, course_id, author_id, state, "
    "create_time, first_submit_time, publish_time) SELECT 'an-b' || c || '-' "
    "|| p, 'an-c' || c, 'an-p' || c || '-' || p, 'SUBMITTED', "
    "make_timestamptz(2020 + c / 50, 3, 2, 9, 0, 0, 'UTC'), "
    "make_timestamptz(2020 + c / 50, 3, 30, 9, 0, 0, 'UTC') + p % 10 * "
    "interval '1 day', CASE "
    "WHEN p % 5 < 2 THEN make_timestamptz(2020 + c / 50, 5, 1 + p % 20, 9, 0, "
    "0, 'UTC') END FROM generate_series(0, 299) c, generate_series(0, 29) p "
    "WHERE p % 10 <> 9",
    "INSERT INTO review_facts (review_id, brief_id, round, expert_id, "
    "decision, evidence, clarity, actionability, relevance) SELECT 'an-r' || "
    "c || '-' || p || '-' || r || '-' || e, 'an-b' || c || '-' || p, r, "
    "'an-e' || e, CASE WHEN r = 1 + p % 3 THEN 'APPROVE' ELSE "
    "'REQUEST_CHANGES' END, 1 + (p + r + e) % 5, 1 + (p + 2 * r) % 5, "
    "1 + (c + r + e) % 5, 1 + (p + c + r) % 5 FROM generate_series(0, 299) "
    "c, generate_series(0, 29) p, generate_series(1, 3) r, generate_series(1, "
    "2) e WHERE p % 10 <> 9 AND r <= 1 + p % 3",
    "INSERT INTO agreements (course_id, user_id, version, content, "
    "update_time) SELECT 'an-c' || c, 'an-p' || c || '-' || p, 1, '', now() "
    "FROM generate_series(0, 299) c, generate_series(0, 29) p WHERE p % 5 <> "
    "4",
    "INSERT INTO follow_ups (id, course_id, user_id, number, due_date, "
    "state, assignee_id, held_time) SELECT 'an-f' || c || '-' || p || '-' || "
    "k, 'an-c' || c, 'an-p' || c || '-' || p, k, make_date(2020 + c / 50, 4, "
    "12) + 61 * k, CASE WHEN c / 50 = 5 AND k > 3 THEN 'SCHEDULED' WHEN (p + "
    "k) % 6 = 0 THEN 'MISSED' ELSE 'HELD' END, $1, CASE WHEN (p + k) % 6 <> "
    "0 THEN make_date(2020 + c / 50, 4, 12) + 61 * k + (p % 20) END FROM "
    "generate_series(0, 299) c, generate_series(0, 29) p, generate_series(1, "
    "6) k WHERE p % 5 <> 4",
    "INSERT INTO follow_up_outcomes (follow_up_id, idx, course_id, user_id, "
    "kind, significance, verified) SELECT f.id, i, f.course_id, f.user_id, "
    "(ARRAY['POLICY_ADOPTED','POLICY_AMENDED','BRIEF_CITED',"
    "'PRESENTED_TO_TRIPARTITE_BODY','USED_IN_SOCIAL_DIALOGUE',"
    "'MEDIA_MENTION','PRACTICE_CHANGED'])[1 + (f.number + i) % 7], "
    "(ARRAY['LOW','MEDIUM','HIGH'])[1 + i % 3], i % 2 = 0 FROM follow_ups f, "
    "generate_series(0, 1) i WHERE f.id LIKE 'an-f%' AND f.state = 'HELD' "
    "AND (f.number + i) % 3 <> 0",
    "ANALYZE",
};

// The counts the seed wrote, for the lines' notes.
std::string SeedNote(pqxx::connection& c) {
  pqxx::work tx(c);
  auto count = [&](const char* table) {
    std::string key = std::string(table) == "courses" ? "id" : "course_id";
    return std::to_string(tx.exec1(std::string("SELECT count(*) FROM ") +
                                   table + " WHERE " + key + " LIKE 'an-c%'")[0]
                              .as<int64_t>());
  };
  return "seeded: " + count("courses") + " courses, " + count("members") +
         " members, " + count("milestone_records") + " milestones, " +
         count("brief_facts") + " briefs, " + count("follow_ups") +
         " follow-ups, " + count("follow_up_outcomes") + " outcomes";
}

// GET `path` with `key` (and Accept: text/csv when `csv`), 200 expected.
class AnalyticsClient : public Client {
 public:
  AnalyticsClient(std::string key, std::vector<std::string> paths, bool csv)
      : key_(std::move(key)), paths_(std::move(paths)), csv_(csv) {}
  int Next(Request* req) override {
    req->method(http::verb::get);
    req->target(paths_[n_++ % paths_.size()]);
    req->set(http::field::authorization, "Bearer " + key_);
    if (csv_) req->set(http::field::accept, "text/csv");
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    return ExpectStatus(res, 200);
  }

 private:
  std::string key_;
  std::vector<std::string> paths_;
  bool csv_;
  size_t n_ = 0;
};

}  // namespace

std::vector<LineResult> AnalyticsLines(Bench& b) {
  static_assert(kCoursesAYear == 50 && kParticipants == 30);
  // bench_smoke seeds one year (--analytics-years 1): it checks the lines
  // work, not their speed.
  const int courses = kCoursesAYear * std::max(1, b.options().analytics_years);
  BenchUser organizer = b.NewUser(R"(["ORGANIZER"])");
  std::string note;
  {
    pqxx::connection c(b.stack().DatabaseUrl("courses"));
    pqxx::work tx(c);
    for (const char* sql : kSeed) {
      std::string text = sql;
      for (size_t at = text.find("299"); at != std::string::npos;
           at = text.find("299", at + 1)) {
        text.replace(at, 3, std::to_string(courses - 1));
      }
      if (text == "ANALYZE") continue;
      if (text.find("$1") == std::string::npos) {
        tx.exec(text);
      } else {
        tx.exec_params(text, organizer.id);
      }
    }
    tx.commit();
    pqxx::nontransaction(c).exec("ANALYZE");
    note = SeedNote(c);
  }
  std::vector<std::string> one;
  for (int c = 0; c < courses; c += 7) {
    one.push_back("/v1/courses/an-c" + std::to_string(c) + "/analytics");
  }
  std::vector<LineResult> out;
  // The figures of every course cost a quarter of a second of CPU here:
  // two connections keep both cores busy without queueing behind them.
  auto line = [&](const std::string& name, const std::string& what,
                  const std::string& key, std::vector<std::string> paths,
                  bool csv) {
    const int n = std::min(paths.size() > 1 ? 16 : 2, b.options().connections);
    out.push_back(b.Measure(
        name, what + ", " + std::to_string(n) + " connections", b.Load(n),
        [&](int) { return std::make_unique<AnalyticsClient>(key, paths, csv); },
        b.stack_cpu()));
    out.back().notes.push_back(note);
  };
  line("analytics course",
       "GET /v1/courses/{id}/analytics as the organizer, over every seventh "
       "course",
       organizer.key, one, false);
  line("analytics all", "GET /v1/analytics as the organizer of every course",
       organizer.key, {"/v1/analytics"}, false);
  line("analytics CSV", "GET /v1/analytics with Accept: text/csv",
       organizer.key, {"/v1/analytics"}, true);
  return out;
}

}  // namespace briefdesk::bench
