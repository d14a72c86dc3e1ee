// The courses lines: what organizers do with a course of thirty
// participants. Enrolment from a 30-row spreadsheet (the same file again,
// a dry run of new addresses, a real import into a new course) and the
// progress board of six modules, as JSON and as CSV.
#include <boost/json.hpp>
#include <ctime>
#include <functional>

#include "bench/lines.h"

namespace briefdesk::bench {
namespace {

constexpr int kRows = 30;

// Now plus `hours`, UTC, in strftime's `format`.
std::string Utc(int hours, const char* format) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(hours) * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[40];
  std::strftime(out, sizeof out, format, &tm);
  return out;
}

// A course of six modules (the sections of tests/courses_api_test.cc's),
// a day apart: the first `past` due already, the others from three days
// on, beyond the 48 hours' lead of the due-soon reminders.
std::string CourseBody(const std::string& title, int past) {
  const std::vector<std::vector<std::string>> sections = {
      {"problem"}, {"problem", "evidence"},        {"evidence"},
      {"options"}, {"options", "recommendations"}, {"summary", "references"}};
  boost::json::array modules;
  for (int i = 0; i < 6; ++i) {
    boost::json::array names;
    for (const std::string& s : sections[i]) names.emplace_back(s);
    int hours = i < past ? -24 * (past - i) : 72 + 24 * (i - past);
    modules.push_back(
        boost::json::object{{"title", "Module " + std::to_string(i + 1)},
                            {"dueTime", Utc(hours, "%Y-%m-%dT%H:%M:%SZ")},
                            {"sections", names}});
  }
  boost::json::object body{{"title", title},
                           {"edition", "Bench edition"},
                           {"language", "en"},
                           {"timeZone", "Europe/Rome"},
                           {"startDate", Utc(-7 * 24, "%Y-%m-%d")},
                           {"endDate", Utc(30 * 24, "%Y-%m-%d")},
                           {"modules", modules}};
  return boost::json::serialize(body);
}

// Thirty participants with names in several scripts, addresses made
// unique by `tag`, as organizers export them from a spreadsheet.
std::string ThirtyRows(const std::string& tag) {
  static const char* const kNames[] = {
      "Aïssata Traoré", "Nguyễn Thị Lan", "José Pérez",  "Мария Иванова",
      "ليلى حسن",       "田中 花子",      "Ayşe Yılmaz", "Sione Tupou"};
  static const char* const kConstituencies[] = {"GOVERNMENT", "WORKERS",
                                                "EMPLOYERS"};
  std::string csv =
      "name,email,role,organization,constituency,country,expertise\r\n";
  for (int i = 0; i < kRows; ++i) {
    std::string n = std::to_string(i);
    csv += std::string(kNames[i % 8]) + " " + n + ",person" + n + "-" + tag +
           "@example.org,participant,Ministry of Labour," +
           kConstituencies[i % 3] + ",Country " + n + "," +
           (i % 5 == 0 ? "social-protection;informality" : "") + "\r\n";
  }
  return csv;
}

std::string CountIs(const char* outcome) {
  return "\"" + std::string(outcome) + "\":" + std::to_string(kRows);
}

void FillImport(Request* req, const std::string& key, const std::string& target,
                std::string csv) {
  req->method(http::verb::post);
  req->target(target);
  req->set(http::field::authorization, "Bearer " + key);
  req->set(http::field::content_type, "text/csv");
  req->body() = std::move(csv);
}

std::string ExpectImported(const Response& res, const std::string& counts) {
  if (std::string bad = ExpectStatus(res, 200); !bad.empty()) return bad;
  if (res.body().find(counts) == std::string::npos) {
    return "not " + counts + ": " + res.body().substr(0, 200);
  }
  return "";
}

// POST members:import of the n-th file `csv` makes, expecting `counts`.
class ImportClient : public Client {
 public:
  ImportClient(std::string key, std::string target,
               std::function<std::string(int)> csv, std::string counts)
      : key_(std::move(key)),
        target_(std::move(target)),
        csv_(std::move(csv)),
        counts_(std::move(counts)) {}
  int Next(Request* req) override {
    FillImport(req, key_, target_, csv_(n_++));
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    return ExpectImported(res, counts_);
  }

 private:
  std::string key_, target_;
  std::function<std::string(int)> csv_;
  std::string counts_;
  int n_ = 0;
};

// A new course (kind 0), then 30 new addresses imported into it (kind 1).
class NewCourseClient : public Client {
 public:
  NewCourseClient(std::string key, std::string tag)
      : key_(std::move(key)), tag_(std::move(tag)) {}
  int Next(Request* req) override {
    if (!course_.empty()) {
      FillImport(req, key_, "/v1/courses/" + course_ + "/members:import",
                 ThirtyRows(tag_ + "-" + std::to_string(n_)));
      return 1;
    }
    req->method(http::verb::post);
    req->target("/v1/courses");
    req->set(http::field::authorization, "Bearer " + key_);
    req->set(http::field::content_type, "application/json");
    req->body() =
        CourseBody("Bench course " + tag_ + "-" + std::to_string(++n_), 0);
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    if (course_.empty()) {
      course_ = JsonString(res.body(), "id");
      return ExpectStatus(res, 201);
    }
    course_.clear();
    return ExpectImported(res, CountIs("created"));
  }

 private:
  std::string key_, tag_, course_;
  int n_ = 0;
};

// GET /v1/courses/{id}/progress, as JSON or (Accept: text/csv) CSV.
class ProgressClient : public Client {
 public:
  ProgressClient(std::string key, std::string target, bool csv)
      : key_(std::move(key)), target_(std::move(target)), csv_(csv) {}
  int Next(Request* req) override {
    req->method(http::verb::get);
    req->target(target_);
    req->set(http::field::authorization, "Bearer " + key_);
    if (csv_) req->set(http::field::accept, "text/csv");
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    if (std::string bad = ExpectStatus(res, 200); !bad.empty()) return bad;
    auto type = res.find(http::field::content_type);
    std::string want = csv_ ? "text/csv" : "application/json";
    if (type == res.end() || type->value().find(want) == std::string::npos) {
      return "the answer is not " + want;
    }
    return "";
  }

 private:
  std::string key_, target_;
  bool csv_;
};

std::string NewCourse(Bench& b, const BenchUser& organizer, int past) {
  auto res = b.Expect(201, "POST", "/v1/courses", organizer.key,
                      CourseBody("Bench course " + b.Unique(), past));
  std::string id = JsonString(res.body, "id");
  if (id.empty()) throw SetupError("no course id in " + res.body);
  return id;
}

std::string ImportPath(const std::string& course) {
  return "/v1/courses/" + course + "/members:import";
}

// The brief of participant `i` of the course: the first 1 to 6 sections.
std::string CourseBrief(const std::string& course, int i) {
  static const char* const kOrder[] = {"problem", "evidence",
                                       "options", "recommendations",
                                       "summary", "references"};
  boost::json::object sections;
  for (int s = 0; s <= i % 6; ++s) {
    sections[kOrder[s]] = "Participant " + std::to_string(i) + ": " +
                          kOrder[s] + " of the brief, in a few sentences.";
  }
  boost::json::object body{{"title", "Course brief " + std::to_string(i)},
                           {"topic", "bench-course"},
                           {"courseId", course},
                           {"sections", sections}};
  return boost::json::serialize(body);
}

// "30 rows: 12 ON_TIME, ..." of a board's answer, for the line's note.
std::string BoardNote(const std::string& json) {
  boost::json::value v = boost::json::parse(json);
  std::map<std::string, int> statuses;
  const auto& rows = v.at("rows").as_array();
  for (const auto& row : rows) {
    for (const auto& m : row.at("modules").as_array()) {
      ++statuses[std::string(m.at("status").as_string())];
    }
  }
  std::string note = "the board: " + std::to_string(rows.size()) + " rows";
  for (const auto& [status, n] : statuses) {
    note += ", " + std::to_string(n) + " " + status;
  }
  return note;
}

// The progress course: six modules, the first two due in the past (their
// statuses recorded), 30 participants made by the admin, enrolled by
// e-mail, each with a brief of the course.
std::string ProgressCourse(Bench& b, const BenchUser& organizer,
                           std::string* note) {
  std::string course = NewCourse(b, organizer, 2);
  for (int i = 0; i < kRows; ++i) {
    BenchUser p = b.NewUser(R"(["PARTICIPANT"])");
    b.Expect(201, "POST", "/v1/courses/" + course + "/members", organizer.key,
             R"({"email":")" + p.email + R"(","courseRole":"PARTICIPANT"})");
    b.Expect(201, "POST", "/v1/briefs", p.key, CourseBrief(course, i));
  }
  auto board = b.Expect(200, "GET", "/v1/courses/" + course + "/progress",
                        organizer.key);
  *note = BoardNote(board.body);
  if (note->find(std::to_string(kRows) + " rows") == std::string::npos) {
    throw SetupError("progress: " + *note);
  }
  return course;
}

std::string Conns(int n) { return std::to_string(n) + " connections"; }

std::vector<LineResult> ImportLines(Bench& b, const BenchUser& organizer) {
  const int n = b.options().writers;
  std::vector<std::string> courses;
  std::vector<std::string> files;
  for (int i = 0; i < n; ++i) {
    courses.push_back(NewCourse(b, organizer, 0));
    files.push_back(ThirtyRows(b.Unique()));
    b.Expect(200, "POST", ImportPath(courses.back()), organizer.key,
             files.back(), {{"Content-Type", "text/csv"}});
  }
  std::vector<LineResult> out;
  out.push_back(b.Measure(
      "import again",
      "POST /v1/courses/{id}/members:import (text/csv, 30 rows) of the "
      "file already imported, every row UNCHANGED, " +
          Conns(n) + ", a course each",
      b.Load(n),
      [&](int i) {
        return std::make_unique<ImportClient>(
            organizer.key, ImportPath(courses[i]),
            [file = files[i]](int) { return file; }, CountIs("unchanged"));
      },
      b.stack_cpu()));
  std::string tag = b.Unique();
  out.push_back(b.Measure(
      "import dry run",
      "POST /v1/courses/{id}/members:import?validateOnly=true of 30 new "
      "addresses each time, every row CREATED, nothing written, " +
          Conns(n) + ", a course each",
      b.Load(n),
      [&](int i) {
        std::string prefix = "dry" + tag + "-" + std::to_string(i) + "-";
        return std::make_unique<ImportClient>(
            organizer.key, ImportPath(courses[i]) + "?validateOnly=true",
            [prefix](int k) { return ThirtyRows(prefix + std::to_string(k)); },
            CountIs("created"));
      },
      b.stack_cpu()));
  return out;
}

void PerRow(LineResult* line) {
  if (line->throughput <= 0) return;
  line->notes.push_back(
      std::to_string(static_cast<int>(line->throughput * kRows + 0.5)) +
      " rows/s");
}

// The board as JSON and as CSV, before "import new" fills the database
// with courses.
void ProgressLines(Bench& b, const BenchUser& organizer,
                   std::vector<LineResult>* out) {
  const int n = b.options().connections;
  std::string note;
  std::string course = ProgressCourse(b, organizer, &note);
  std::string target = "/v1/courses/" + course + "/progress";
  for (bool csv : {false, true}) {
    out->push_back(b.Measure(
        csv ? "progress CSV" : "progress JSON",
        "GET /v1/courses/{id}/progress" +
            std::string(csv ? " with Accept: text/csv" : "") +
            " as the organizer: 6 modules (2 past due), 30 participants with "
            "a brief each, " +
            Conns(n),
        b.Load(n),
        [&](int) {
          return std::make_unique<ProgressClient>(organizer.key, target, csv);
        },
        b.stack_cpu()));
    out->back().notes.push_back(note);
  }
}

LineResult NewCourseLine(Bench& b, const BenchUser& organizer) {
  const int n = std::min(2, b.options().writers);
  std::string tag = b.Unique();
  LineResult line = b.Measure(
      "import new",
      "POST /v1/courses then POST …/members:import of 30 new addresses into "
      "it, every row CREATED (accounts, invitations, members written), " +
          Conns(n) + "; the rate and latencies are the import's",
      b.Load(n, {"create course", "import"}),
      [&](int i) {
        return std::make_unique<NewCourseClient>(
            organizer.key, "new" + tag + "-" + std::to_string(i));
      },
      b.stack_cpu(), 1, 1);
  line.unit = "imports/s";
  PerRow(&line);
  return line;
}

}  // namespace

std::vector<LineResult> CourseLines(Bench& b) {
  BenchUser organizer = b.NewUser(R"(["ORGANIZER"])");
  std::vector<LineResult> out = ImportLines(b, organizer);
  for (LineResult& line : out) PerRow(&line);
  ProgressLines(b, organizer, &out);
  out.push_back(NewCourseLine(b, organizer));
  return out;
}

}  // namespace briefdesk::bench
