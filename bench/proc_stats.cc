#include "bench/proc_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace briefdesk::bench {
namespace {

struct Stat {
  bool ok = false;
  pid_t ppid = 0;
  int64_t utime = 0, stime = 0, cutime = 0, cstime = 0;  // clock ticks
};

// /proc/<pid>/stat: the command name sits in parentheses and may hold
// spaces, so fields are counted from the last ')'.
Stat ReadStat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  Stat s;
  size_t close = text.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream fields(text.substr(close + 2));
  std::vector<std::string> f;
  for (std::string x; fields >> x;) f.push_back(x);
  // f[0] is field 3 (state): ppid is field 4, utime..cstime 14..17.
  if (f.size() < 15) return s;
  s.ppid = static_cast<pid_t>(std::stol(f[1]));
  s.utime = std::stoll(f[11]);
  s.stime = std::stoll(f[12]);
  s.cutime = std::stoll(f[13]);
  s.cstime = std::stoll(f[14]);
  s.ok = true;
  return s;
}

int64_t TicksToMicros(int64_t ticks) {
  static const int64_t hz = sysconf(_SC_CLK_TCK);
  return ticks * 1000000 / hz;
}

std::vector<pid_t> AllPids() {
  std::vector<pid_t> out;
  DIR* d = opendir("/proc");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (end != e->d_name && *end == '\0') out.push_back(pid);
  }
  closedir(d);
  return out;
}

void Descendants(pid_t root, const std::multimap<pid_t, pid_t>& by_parent,
                 std::vector<pid_t>* out) {
  auto [begin, end] = by_parent.equal_range(root);
  for (auto it = begin; it != end; ++it) {
    out->push_back(it->second);
    Descendants(it->second, by_parent, out);
  }
}

}  // namespace

int64_t CpuMicros(pid_t pid) {
  Stat s = ReadStat(pid);
  return s.ok ? TicksToMicros(s.utime + s.stime + s.cutime + s.cstime) : 0;
}

namespace {

// Every process's stat at one moment, by parent.
struct ProcessTable {
  std::multimap<pid_t, pid_t> by_parent;
  std::map<pid_t, Stat> stats;

  static ProcessTable Take() {
    ProcessTable t;
    for (pid_t p : AllPids()) {
      Stat s = ReadStat(p);
      if (!s.ok) continue;
      t.by_parent.emplace(s.ppid, p);
      t.stats[p] = s;
    }
    return t;
  }

  int64_t TreeTicks(pid_t root) const {
    std::vector<pid_t> tree = {root};
    Descendants(root, by_parent, &tree);
    int64_t ticks = 0;
    for (pid_t p : tree) {
      auto it = stats.find(p);
      if (it == stats.end()) continue;
      const Stat& s = it->second;
      ticks += s.utime + s.stime + s.cutime + s.cstime;
    }
    return ticks;
  }
};

}  // namespace

int64_t TreeCpuMicros(pid_t pid) {
  return TicksToMicros(ProcessTable::Take().TreeTicks(pid));
}

int64_t SelfCpuMicros() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto micros = [](const timeval& t) {
    return static_cast<int64_t>(t.tv_sec) * 1000000 + t.tv_usec;
  };
  return micros(u.ru_utime) + micros(u.ru_stime);
}

MemoryStatus Memory(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  MemoryStatus m;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "VmRSS:") words >> m.rss_kb;
    if (key == "Threads:") words >> m.threads;
  }
  return m;
}

std::vector<pid_t> Children(pid_t parent) {
  std::vector<pid_t> out;
  for (pid_t p : AllPids()) {
    Stat s = ReadStat(p);
    if (s.ok && s.ppid == parent) out.push_back(p);
  }
  return out;
}

std::string CommandName(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

std::map<std::string, int64_t> CpuMeter::Sample() const {
  ProcessTable table = ProcessTable::Take();
  std::map<std::string, int64_t> out;
  for (const auto& [name, pid] : roots_) {
    out[name] = TicksToMicros(table.TreeTicks(pid));
  }
  return out;
}

std::map<std::string, int64_t> CpuMeter::Since(
    const std::map<std::string, int64_t>& before,
    const std::map<std::string, int64_t>& after) {
  std::map<std::string, int64_t> out;
  for (const auto& [name, micros] : after) {
    auto it = before.find(name);
    out[name] = micros - (it == before.end() ? 0 : it->second);
  }
  return out;
}

}  // namespace briefdesk::bench
