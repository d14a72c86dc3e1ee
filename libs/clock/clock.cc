#include "libs/clock/clock.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace briefdesk::clock {
namespace {

// The offset file and what was last read from it. The file is stat()ed at
// most every 20 ms, so a hot path pays a clock read and a lock.
struct OffsetSource {
  std::mutex mu;
  std::string path;
  bool initialised = false;
  std::chrono::seconds offset{0};
  struct timespec mtime {};
  off_t size = -1;
  std::chrono::steady_clock::time_point checked{};
};

OffsetSource& Source() {
  static OffsetSource* source = new OffsetSource();
  return *source;
}

std::chrono::seconds ReadOffset(const std::string& path) {
  std::ifstream in(path);
  long long seconds = 0;
  if (in >> seconds) return std::chrono::seconds(seconds);
  return std::chrono::seconds(0);
}

std::chrono::seconds CurrentOffset() {
  OffsetSource& s = Source();
  std::lock_guard<std::mutex> lock(s.mu);
  if (!s.initialised) {
    const char* env = std::getenv("BRIEFDESK_CLOCK_OFFSET_FILE");
    s.path = env == nullptr ? "" : env;
    s.initialised = true;
  }
  if (s.path.empty()) return std::chrono::seconds(0);
  auto now = std::chrono::steady_clock::now();
  if (now - s.checked < std::chrono::milliseconds(20)) return s.offset;
  s.checked = now;
  struct stat st {};
  if (::stat(s.path.c_str(), &st) != 0) {
    s.offset = std::chrono::seconds(0);
    s.size = -1;
    return s.offset;
  }
  if (st.st_size != s.size || st.st_mtim.tv_sec != s.mtime.tv_sec ||
      st.st_mtim.tv_nsec != s.mtime.tv_nsec) {
    s.size = st.st_size;
    s.mtime = st.st_mtim;
    s.offset = ReadOffset(s.path);
  }
  return s.offset;
}

}  // namespace

Time Now() { return std::chrono::system_clock::now() + CurrentOffset(); }

std::chrono::seconds Offset() { return CurrentOffset(); }

void SetOffsetFileForTest(const std::string& path) {
  OffsetSource& s = Source();
  std::lock_guard<std::mutex> lock(s.mu);
  s.initialised = true;
  s.path = path;
  s.size = -1;
  s.mtime = {};
  s.offset = std::chrono::seconds(0);
  s.checked = {};
}

bool WriteOffsetFile(const std::string& path, std::chrono::seconds offset) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << offset.count() << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace briefdesk::clock
