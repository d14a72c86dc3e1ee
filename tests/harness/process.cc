#include "tests/harness/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <set>

namespace briefdesk::testing {

void Require(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "test harness: " << what << std::endl;
    std::abort();
  }
}

int FreePort() {
  int low = 32768;
  if (FILE* f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
    if (fscanf(f, "%d", &low) != 1) low = 32768;
    fclose(f);
  }
  static std::mt19937 rng(std::random_device{}() ^ getpid());
  // Two random picks may agree, and a port given to a process that has not
  // bound it yet still looks free: each is handed out once.
  static std::mutex mu;
  static std::set<int> given;
  std::lock_guard lock(mu);
  std::uniform_int_distribution<int> pick(10000, std::max(10001, low - 1));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    int port = pick(rng);
    if (!given.insert(port).second) continue;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (free) return port;
  }
  Require(false, "no free port");
  return 0;
}

std::string Shell(const std::string& command) {
  std::string out;
  if (FILE* f = popen(command.c_str(), "r")) {
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
  }
  return out;
}

std::string PgBinDir() {
  if (const char* d = std::getenv("BRIEFDESK_PG_BINDIR")) return d;
  glob_t g;
  std::string found;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0) {
    found = g.gl_pathv[g.gl_pathc - 1];  // the newest version
    found.resize(found.size() - std::string("/initdb").size());
  }
  globfree(&g);
  return found;
}

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
  Require(mkdtemp(tmpl.data()) != nullptr, "mkdtemp " + tmpl);
  chmod(tmpl.c_str(), 0755);
  return tmpl;
}

void RemoveTempDir(const std::string& dir) {
  if (dir.empty() || std::getenv("BRIEFDESK_KEEP_TEST_DIR") != nullptr) return;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

pid_t SpawnChild(const std::vector<std::string>& argv,
                 const ChildOptions& options) {
  pid_t pid = fork();
  Require(pid >= 0, "fork failed");
  if (pid != 0) return pid;
  int fd = open(options.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
  if (options.open_files > 0) {
    rlimit files{rlim_t(options.open_files), rlim_t(options.open_files)};
    if (setrlimit(RLIMIT_NOFILE, &files) != 0) _exit(125);
  }
  if (options.as_postgres) {
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
      _exit(126);
    }
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // after setuid, which clears it
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

void RaiseOpenFileLimit() {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace briefdesk::testing
