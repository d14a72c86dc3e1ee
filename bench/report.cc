#include "bench/report.h"

#include <grpcpp/grpcpp.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <boost/version.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "tests/harness/stack.h"

namespace briefdesk::bench {
namespace {

// The processes CPU time is split by, in the order the report shows them.
const char* const kProcesses[] = {"gateway",      "briefs",   "review",
                                  "notification", "courses",  "postgres",
                                  "redis",        "baseline", "echo"};

std::string Fixed(double v, int decimals) {
  if (v < 0) return "-";
  char out[32];
  snprintf(out, sizeof out, "%.*f", decimals, v);
  return out;
}

std::string FirstLine(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

std::string Now(const char* format) {
  std::time_t t = std::time(nullptr);
  char out[64];
  std::strftime(out, sizeof out, format, std::localtime(&t));
  return out;
}

LineResult* Find(std::vector<LineResult>* lines, const std::string& name) {
  for (LineResult& l : *lines) {
    if (l.name == name && l.throughput > 0) return &l;
  }
  return nullptr;
}

// Throughput as a share of `base`'s, judged against `at_least`.
void Share(LineResult* l, const LineResult* base, const std::string& base_name,
           double at_least, const std::string& target) {
  l->baseline = base_name;
  l->target = target;
  if (base == nullptr) return;
  l->ratio = l->throughput / base->throughput;
  if (at_least > 0) l->met = l->ratio >= at_least ? 1 : 0;
}

std::string Met(int met) { return met < 0 ? "" : met ? "met" : "NOT MET"; }

std::string RatioText(const LineResult& l) {
  if (l.baseline.empty()) return "";
  if (l.ratio < 0) return "no " + l.baseline;
  if (l.name.rfind("claim @", 0) == 0) {
    return Fixed(l.ratio, 2) + "x p50 of " + l.baseline;
  }
  // Small shares keep their first digits: 0.42 %, not 0 %.
  int decimals = l.ratio < 0.01 ? 2 : l.ratio < 0.1 ? 1 : 0;
  return Fixed(l.ratio * 100, decimals) + " % of " + l.baseline;
}

}  // namespace

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

Machine DescribeMachine() {
  Machine m;
  m.date = Now("%Y-%m-%d %H:%M:%S %Z");
  m.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      m.cpu_model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  m.load_before = LoadAverage();
  m.versions["g++"] = __VERSION__;
  m.versions["Boost"] = BOOST_LIB_VERSION;
  m.versions["gRPC"] = grpc::Version();
  return m;
}

void AddServerVersions(Machine* m, const std::string& pg_bin) {
  m->versions["PostgreSQL"] =
      FirstLine(testing::Shell(pg_bin + "/postgres --version"));
  m->versions["Redis"] = FirstLine(testing::Shell("redis-server --version"));
}

void Judge(std::vector<LineResult>* lines) {
  const LineResult* hop = Find(lines, "hop");
  const LineResult* bare = Find(lines, "bare Beast");
  const LineResult* pgbench = Find(lines, "pgbench");
  const LineResult* first_depth = nullptr;
  for (LineResult& l : *lines) {
    if (l.name == "read brief") {
      Share(&l, hop, "hop", 0.5, ">= 50 % of hop, p99 <= 10 ms");
      if (l.met >= 0) l.met = l.met && l.p99_ms >= 0 && l.p99_ms <= 10;
    } else if (l.name == "POST brief") {
      Share(&l, hop, "hop", 0, "(none)");
    } else if (l.name == "PATCH brief") {
      Share(&l, pgbench, "pgbench", 0.8, ">= 80 % of pgbench tps");
    } else if (l.name == "published page" || l.name == "published index") {
      Share(&l, bare, "bare Beast", 0.5, ">= 50 % of bare Beast");
    } else if (l.name.rfind("import ", 0) == 0) {
      // Issue 12: "30 rows well under a second", even under load.
      Share(&l, hop, "hop", 0, "p99 < 1000 ms (issue 12)");
      l.met = l.p99_ms >= 0 && l.p99_ms < 1000 ? 1 : 0;
    } else if (l.name.rfind("progress ", 0) == 0) {
      Share(&l, hop, "hop", 0, "(none)");
    } else if (l.name == "claim+complete") {
      l.target = ">= 1000 cycles/s";
      l.met = l.throughput >= 1000 ? 1 : 0;
    } else if (l.name.rfind("claim @", 0) == 0) {
      if (first_depth == nullptr) {
        first_depth = &l;
        continue;
      }
      l.baseline = first_depth->name;
      l.target = "p50 <= 1.2x " + first_depth->name;
      if (first_depth->p50_ms > 0 && l.p50_ms > 0) {
        l.ratio = l.p50_ms / first_depth->p50_ms;
        l.met = l.ratio <= 1.2 ? 1 : 0;
      }
    } else if (l.name == "SSE idle" && l.figures.count("added_mb")) {
      l.target = "<= 200 MB added (gateway + notification): +" +
                 Fixed(l.figures["added_mb"], 0) + " MB";
      l.met = l.figures["added_mb"] <= 200 ? 1 : 0;
    }
  }
}

std::string SummaryTable(const std::vector<LineResult>& lines) {
  std::ostringstream out;
  char row[512];
  snprintf(row, sizeof row,
           "%-16s %12s %-9s %8s %8s %8s %6s %9s  %-24s %-40s %s\n", "line",
           "throughput", "", "p50 ms", "p90 ms", "p99 ms", "errors",
           "CPU us/req", "ratio", "target", "");
  out << row;
  for (const LineResult& l : lines) {
    snprintf(row, sizeof row,
             "%-16s %12s %-9s %8s %8s %8s %6llu %9s  %-24s %-40s %s\n",
             l.name.c_str(), Fixed(l.throughput, 0).c_str(), l.unit.c_str(),
             Fixed(l.p50_ms, 2).c_str(), Fixed(l.p90_ms, 2).c_str(),
             Fixed(l.p99_ms, 2).c_str(),
             static_cast<unsigned long long>(l.errors),
             Fixed(l.cpu_us, 0).c_str(), RatioText(l).c_str(), l.target.c_str(),
             Met(l.met).c_str());
    out << row;
  }
  return out.str();
}

namespace {

void Markdown(std::ostream& md, const Machine& m,
              const std::vector<LineResult>& lines) {
  md << "# BriefDesk load benchmarks, " << m.date << "\n\n## Machine\n\n"
     << "- cores: " << m.cores << " (" << m.cpu_model << ")\n"
     << "- kernel: " << m.kernel
     << "\n- load average (1, 5, 15 min): " << m.load_before << " before, "
     << m.load_after
     << " after (the machine is shared: other builds may have run)\n"
     << "- the stack with no load used " << Fixed(m.stack_idle_cores * 100, 1)
     << " % of one core (background work: sweepers, relays); it is in "
        "every line's CPU figures\n";
  for (const auto& [name, version] : m.versions) {
    md << "- " << name << ": " << version << "\n";
  }
  md << "- run: " << m.settings << "\n\n## Results\n\n"
     << "| line | throughput | p50 ms | p90 ms | p99 ms | errors | CPU µs/req "
        "| ratio | target | |\n|---|--:|--:|--:|--:|--:|--:|---|---|---|\n";
  for (const LineResult& l : lines) {
    md << "| " << l.name << " | " << Fixed(l.throughput, 0) << " " << l.unit
       << " | " << Fixed(l.p50_ms, 2) << " | " << Fixed(l.p90_ms, 2) << " | "
       << Fixed(l.p99_ms, 2) << " | " << l.errors << " | " << Fixed(l.cpu_us, 0)
       << " | " << RatioText(l) << " | " << l.target << " | " << Met(l.met)
       << " |\n";
  }
  md << "\n## CPU µs per request, by process\n\n| line |";
  for (const char* p : kProcesses) md << " " << p << " |";
  md << " load generator |\n|---|";
  for (size_t i = 0; i <= std::size(kProcesses); ++i) md << "--:|";
  md << "\n";
  for (const LineResult& l : lines) {
    md << "| " << l.name << " |";
    for (const char* p : kProcesses) {
      auto it = l.cpu_split.find(p);
      md << " " << (it == l.cpu_split.end() ? "" : Fixed(it->second, 0))
         << " |";
    }
    md << " " << Fixed(l.client_cpu_us, 0) << " |\n";
  }
  md << "\n## What each line ran\n\n";
  for (const LineResult& l : lines) {
    md << "- **" << l.name << "**: " << l.what << ".";
    for (const std::string& n : l.notes) md << " " << n << ".";
    if (l.errors > 0) md << " **First error:** " << FirstLine(l.first_error);
    md << "\n";
  }
}

void Tsv(std::ostream& tsv, const Machine& m,
         const std::vector<LineResult>& lines) {
  tsv << "date\tline\tunit\tthroughput\tp50_ms\tp90_ms\tp99_ms\tcount\terrors\t"
         "cpu_us_per_req";
  for (const char* p : kProcesses) tsv << "\tcpu_" << p;
  tsv << "\tcpu_load_generator\tratio\tbaseline\ttarget\tmet\tfirst_error\n";
  for (const LineResult& l : lines) {
    tsv << m.date << "\t" << l.name << "\t" << l.unit << "\t"
        << Fixed(l.throughput, 1) << "\t" << Fixed(l.p50_ms, 3) << "\t"
        << Fixed(l.p90_ms, 3) << "\t" << Fixed(l.p99_ms, 3) << "\t" << l.count
        << "\t" << l.errors << "\t" << Fixed(l.cpu_us, 1);
    for (const char* p : kProcesses) {
      auto it = l.cpu_split.find(p);
      tsv << "\t" << (it == l.cpu_split.end() ? "" : Fixed(it->second, 1));
    }
    tsv << "\t" << Fixed(l.client_cpu_us, 1) << "\t" << Fixed(l.ratio, 3)
        << "\t" << l.baseline << "\t" << l.target << "\t" << Met(l.met) << "\t"
        << FirstLine(l.first_error) << "\n";
  }
}

}  // namespace

std::vector<std::string> WriteReport(const std::string& dir,
                                     const Machine& machine,
                                     const std::vector<LineResult>& lines) {
  std::filesystem::create_directories(dir);
  std::string stamp = Now("%Y-%m-%d-%H%M%S");
  std::string md_path = dir + "/bench-" + stamp + ".md";
  std::string tsv_path = dir + "/bench-" + stamp + ".tsv";
  std::ofstream md(md_path), tsv(tsv_path);
  Markdown(md, machine, lines);
  Tsv(tsv, machine, lines);
  return {md_path, tsv_path};
}

}  // namespace briefdesk::bench
