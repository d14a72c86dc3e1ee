// What the benchmark lines share: the options of the run, the stack the
// integration tests use (tests/harness), REST calls for setting up, and
// Measure, which runs a load and turns it into a LineResult with the CPU
// time the measured processes spent in its window.
#ifndef BRIEFDESK_BENCH_BENCH_H_
#define BRIEFDESK_BENCH_BENCH_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/load.h"
#include "bench/proc_stats.h"
#include "bench/report.h"
#include "tests/harness/http_client.h"
#include "tests/harness/stack.h"

namespace briefdesk::bench {

struct Options {
  double seconds = 10;  // the measured window of each line
  double warmup = 2;
  int connections = 64;  // baselines, reads, POST, published pages
  int writers = 16;      // PATCH, and pgbench's clients
  int experts = 16;      // claim+complete
  int streams = 10000;   // idle SSE streams
  std::vector<int> depths = {100, 100000};
  int review_tasks = 0;     // tasks seeded for claim+complete; 0: from seconds
  int analytics_years = 6;  // years of 50 courses seeded for analytics
  std::string out_dir;
  std::set<std::string> only;  // line groups to run; empty: all
  // perf record -g of the gateway and briefs during this line's window,
  // written to perf_dir (bench/README.md, "Where the time goes").
  std::string perf_line, perf_dir;
};

// A setup step that did not go as planned: the line it was for fails.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BenchUser {
  std::string id, key, email;
};

class Bench {
 public:
  Bench(testing::Stack& stack, Options options);

  testing::Stack& stack() { return stack_; }
  const Options& options() const { return options_; }
  int port() const { return stack_.http_port(); }

  // One REST call on a fresh connection; SetupError unless it answers
  // `status`.
  testing::HttpResponse Expect(int status, const std::string& method,
                               const std::string& target,
                               const std::string& key,
                               const std::string& body = "",
                               std::map<std::string, std::string> headers = {});
  // A user with these roles, made by the admin; `expertise` is JSON.
  BenchUser NewUser(const std::string& roles_json,
                    const std::string& expertise_json = "[]");
  // A new DRAFT brief of `topic` with every section filled; its id.
  std::string NewBrief(const BenchUser& author, const std::string& topic);
  // POST /v1/reviews:claim until a task comes (rounds open
  // asynchronously); SetupError after 20 s of 204.
  testing::HttpResponse ClaimWithin(const BenchUser& expert);
  // `count` briefs of `topic` created and submitted by `authors` over many
  // connections (setup, not measured); their ids.
  std::vector<std::string> SubmitBriefs(const std::vector<BenchUser>& authors,
                                        const std::string& topic, int count);

  // The CPU of every stack process: gateway, briefs, review,
  // notification, courses, postgres (its postmaster and backends) and redis.
  const CpuMeter& stack_cpu() const { return stack_cpu_; }
  pid_t postgres_pid() const { return postgres_pid_; }
  // After a stack process was restarted: its new pid is measured.
  void ProcessesRestarted();

  // Events not yet delivered by the outboxes of briefs, review and courses.
  int64_t Backlog();
  // Waits (two minutes at most) until every outbox is delivered, so that
  // one line's events are not the next line's work; the backlog left.
  int64_t WaitQuiet();

  // Load options with this run's warm-up and window.
  LoadOptions Load(int connections,
                   std::vector<std::string> kinds = {"request"}) const;
  // Runs the load against `meter`'s processes: throughput from the
  // answers of kind `counted`, latency percentiles of kind `timed`, the
  // percentiles of every other kind as notes.
  LineResult Measure(const std::string& name, const std::string& what,
                     LoadOptions load,
                     const std::function<std::unique_ptr<Client>(int)>& make,
                     const CpuMeter& meter, int counted = 0, int timed = 0);

  // The stack's CPU use with no load, in cores (sampled over `seconds`).
  double IdleCores(double seconds);

  // A unique suffix for e-mail addresses and titles.
  std::string Unique();

 private:
  void Profile();

  testing::Stack& stack_;
  Options options_;
  CpuMeter stack_cpu_;
  pid_t postgres_pid_ = 0;
  int unique_ = 0;
};

// Fills `line` with the CPU of `delta` (per group, µs) over `count`.
void SetCpu(LineResult* line, const std::map<std::string, int64_t>& delta,
            uint64_t count);

// The folder of PostgreSQL's programs (pgbench, postgres), as the stack
// finds it.
std::string PgBinDir();

// The body of a brief with every section filled (it passes the check).
std::string BriefBody(const std::string& title, const std::string& topic);

// The path and body that complete the task of a claim answer.
std::string CompletePath(const std::string& claim_body);
std::string CompleteBody(const std::string& claim_body,
                         const std::string& decision);

// A JSON string member of a body, or "".
std::string JsonString(const std::string& body, const char* key);
// The same one level down: body[outer][key].
std::string JsonString(const std::string& body, const char* outer,
                       const char* key);

}  // namespace briefdesk::bench

#endif  // BRIEFDESK_BENCH_BENCH_H_
