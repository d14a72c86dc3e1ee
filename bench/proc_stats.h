// What the benchmarks read of processes from /proc: CPU time (utime +
// stime), resident memory and thread count, and process trees (PostgreSQL
// runs a backend per connection under its postmaster).
#ifndef BRIEFDESK_BENCH_PROC_STATS_H_
#define BRIEFDESK_BENCH_PROC_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace briefdesk::bench {

// User plus system CPU time of `pid` in microseconds, with that of its
// children that have exited and been waited for; 0 when it is gone.
int64_t CpuMicros(pid_t pid);
// The same summed over `pid` and every live descendant: a postmaster's
// backends, living or ended, are all in it.
int64_t TreeCpuMicros(pid_t pid);
// The calling process's own CPU time (the load generator).
int64_t SelfCpuMicros();

struct MemoryStatus {
  int64_t rss_kb = 0;
  int threads = 0;
};
// VmRSS and Threads from /proc/<pid>/status.
MemoryStatus Memory(pid_t pid);

// Direct children of `parent`.
std::vector<pid_t> Children(pid_t parent);
// The short command name (/proc/<pid>/comm).
std::string CommandName(pid_t pid);

// Named groups of processes whose CPU time is sampled together, each a
// process and its descendants.
class CpuMeter {
 public:
  void Add(const std::string& name, pid_t pid) { roots_[name] = pid; }
  // CPU microseconds per group, at the time of the call.
  std::map<std::string, int64_t> Sample() const;
  // The difference of two samples, per group.
  static std::map<std::string, int64_t> Since(
      const std::map<std::string, int64_t>& before,
      const std::map<std::string, int64_t>& after);

 private:
  std::map<std::string, pid_t> roots_;
};

}  // namespace briefdesk::bench

#endif  // BRIEFDESK_BENCH_PROC_STATS_H_
