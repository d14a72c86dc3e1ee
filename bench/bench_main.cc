// briefdesk_bench: starts the stack the integration tests start
// (tests/harness), measures the baselines and BriefDesk's paths in one
// run, judges the targets, prints a summary and writes the report.
// Exits non-zero when any line saw an error (a missed target is not one).
// bench/README.md says what each line measures.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "bench/lines.h"

namespace bd = briefdesk;
namespace bench = briefdesk::bench;

namespace {

constexpr char kUsage[] =
    "usage: briefdesk_bench [--seconds S] [--warmup S] [--connections N]\n"
    "  [--writers N] [--experts N] [--sse N] [--depths D1,D2]\n"
    "  [--review-tasks N] [--analytics-years N] [--out DIR]\n"
    "  [--only GROUP,...]\n"
    "  [--perf-line NAME --perf-dir DIR]\n"
    "groups: baselines pgbench rest published courses analytics review sse\n";

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

bool Parse(int argc, char** argv, bench::Options* o) {
  double warmup = -1;
  o->out_dir = std::string(BRIEFDESK_SOURCE_DIR) + "/bench/results";
  auto number = [](double* to) {
    return [to](const std::string& v) { *to = std::atof(v.c_str()); };
  };
  auto count = [](int* to) {
    return [to](const std::string& v) { *to = std::atoi(v.c_str()); };
  };
  auto text = [](std::string* to) {
    return [to](const std::string& v) { *to = v; };
  };
  std::map<std::string, std::function<void(const std::string&)>> set = {
      {"--seconds", number(&o->seconds)},
      {"--warmup", number(&warmup)},
      {"--connections", count(&o->connections)},
      {"--writers", count(&o->writers)},
      {"--experts", count(&o->experts)},
      {"--sse", count(&o->streams)},
      {"--review-tasks", count(&o->review_tasks)},
      {"--analytics-years", count(&o->analytics_years)},
      {"--out", text(&o->out_dir)},
      {"--perf-line", text(&o->perf_line)},
      {"--perf-dir", text(&o->perf_dir)},
      {"--only",
       [o](const std::string& v) {
         for (const auto& g : Split(v)) o->only.insert(g);
       }},
      {"--depths", [o](const std::string& v) {
         o->depths.clear();
         for (const auto& d : Split(v))
           o->depths.push_back(std::atoi(d.c_str()));
       }}};
  for (int i = 1; i < argc; i += 2) {
    auto it = set.find(argv[i]);
    if (it == set.end() || i + 1 >= argc) return false;
    it->second(argv[i + 1]);
  }
  o->warmup = warmup >= 0 ? warmup : std::min(2.0, o->seconds / 2);
  return o->seconds > 0 && o->connections > 0 && o->writers > 0 &&
         o->experts > 0 && o->streams > 0 && !o->depths.empty();
}

// Room for the idle streams' sockets in this process and in the gateway;
// 0 when the gateway cannot be given more than it has.
int RaiseOpenFiles(int streams) {
  rlim_t want = static_cast<rlim_t>(streams) + 4096;
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  rlimit raised{std::max(want, limit.rlim_cur), std::max(want, limit.rlim_max)};
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    raised = {limit.rlim_max, limit.rlim_max};
    setrlimit(RLIMIT_NOFILE, &raised);
    return 0;
  }
  return static_cast<int>(want);
}

std::string Settings(const bench::Options& o) {
  std::ostringstream s;
  s << "--seconds " << o.seconds << " --warmup " << o.warmup
    << " --connections " << o.connections << " --writers " << o.writers
    << " --experts " << o.experts << " --sse " << o.streams << " --depths ";
  for (size_t i = 0; i < o.depths.size(); ++i) {
    s << (i ? "," : "") << o.depths[i];
  }
  return s.str();
}

using Group = std::vector<bench::LineResult> (*)(bench::Bench&);

// Runs a group; a setup that failed is a failed line named after it.
void RunGroup(bench::Bench& b, const std::string& name, Group group,
              std::vector<bench::LineResult>* lines) {
  if (!b.options().only.empty() && !b.options().only.count(name)) return;
  std::cerr << "briefdesk_bench: " << name << "\n";
  try {
    for (auto& line : group(b)) {
      if (line.count == 0 && line.errors == 0) {
        line.errors = 1;
        line.first_error = "nothing was answered in the measured window";
      }
      std::cerr << "  " << line.name << ": " << line.count << " in the window, "
                << line.errors << " errors\n";
      lines->push_back(std::move(line));
    }
  } catch (const std::exception& e) {
    bench::LineResult failed;
    failed.name = name;
    failed.what = "setup of " + name;
    failed.errors = 1;
    failed.first_error = e.what();
    lines->push_back(std::move(failed));
  }
}

}  // namespace

int main(int argc, char** argv) {
  bench::Options options;
  if (!Parse(argc, argv, &options)) {
    std::cerr << kUsage;
    return 2;
  }
  bench::Machine machine = bench::DescribeMachine();
  machine.settings = Settings(options);
  bd::testing::Stack::Options stack_options;
  stack_options.gateway_open_files = RaiseOpenFiles(options.streams);
  // Every load comes from 127.0.0.1: no cap per client address.
  stack_options.gateway_env["BRIEFDESK_HTTP_MAX_CONNECTIONS_PER_CLIENT"] = "0";
  bd::testing::Stack::Configure(stack_options);
  bench::Bench b(bd::testing::Stack::Get(), options);
  bench::AddServerVersions(&machine, bench::PgBinDir());
  b.WaitQuiet();
  machine.stack_idle_cores = b.IdleCores(2);

  std::vector<bench::LineResult> lines;
  RunGroup(b, "baselines", bench::BaselineLines, &lines);
  RunGroup(b, "pgbench", bench::PgbenchLines, &lines);
  RunGroup(b, "rest", bench::RestLines, &lines);
  RunGroup(b, "published", bench::PublishedLines, &lines);
  RunGroup(b, "courses", bench::CourseLines, &lines);
  RunGroup(b, "analytics", bench::AnalyticsLines, &lines);
  RunGroup(b, "review", bench::ReviewLines, &lines);
  RunGroup(b, "sse", bench::SseLines, &lines);
  machine.load_after = bench::LoadAverage();
  bench::Judge(&lines);

  std::cout << bench::SummaryTable(lines);
  for (const std::string& path :
       bench::WriteReport(options.out_dir, machine, lines)) {
    std::cout << "report: " << path << "\n";
  }
  int failed = 0;
  for (const auto& l : lines) {
    if (l.errors == 0) continue;
    ++failed;
    std::cout << "FAILED: " << l.name << ": " << l.errors
              << " errors; the first: " << l.first_error << "\n";
  }
  return failed == 0 ? 0 : 1;
}
