// The benchmarks' results: one LineResult per line, the targets judged
// against their baselines from the same run, and the report written as
// Markdown and TSV (bench/results/) with a summary table on stdout.
#ifndef BRIEFDESK_BENCH_REPORT_H_
#define BRIEFDESK_BENCH_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace briefdesk::bench {

struct LineResult {
  std::string name;  // "read brief"
  std::string what;  // what ran: "GET /v1/briefs/{id} as the author, 64 ..."
  std::string unit = "req/s";
  double throughput = -1;
  double p50_ms = -1, p90_ms = -1, p99_ms = -1;
  uint64_t count = 0;  // requests (or cycles) in the measured window
  uint64_t errors = 0;
  std::string first_error;
  // CPU microseconds per request of the measured processes, in all and by
  // process (gateway, briefs, ..., postgres, redis); -1 when not measured.
  double cpu_us = -1;
  std::map<std::string, double> cpu_split;
  double client_cpu_us = -1;  // the load generator's own
  std::vector<std::string> notes;
  std::map<std::string, double> figures;  // other numbers (SSE: added_mb)
  // Filled by Judge: the baseline, the ratio to it, the target beside it.
  std::string baseline;
  double ratio = -1;
  std::string target;
  int met = -1;  // -1: no target; 0: not met; 1: met
};

struct Machine {
  std::string date, host, cpu_model, kernel, load_before, load_after;
  int cores = 0;
  std::map<std::string, std::string> versions;  // g++, PostgreSQL, ...
  std::string settings;                         // the options of the run
  double stack_idle_cores = -1;  // the stack's CPU use with no load
};

Machine DescribeMachine();
// Versions of the servers the run used (their --version output).
void AddServerVersions(Machine* m, const std::string& pg_bin);
// The load average now ("0.52 0.61 0.70").
std::string LoadAverage();

// Sets baseline, ratio, target and met on every line that has a target.
void Judge(std::vector<LineResult>* lines);

// The summary table, as printed on stdout.
std::string SummaryTable(const std::vector<LineResult>& lines);
// Writes <dir>/<stamp>.md and <dir>/<stamp>.tsv; the paths written.
std::vector<std::string> WriteReport(const std::string& dir,
                                     const Machine& machine,
                                     const std::vector<LineResult>& lines);

}  // namespace briefdesk::bench

#endif  // BRIEFDESK_BENCH_REPORT_H_
