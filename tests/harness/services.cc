// TestRedis and TestPostgres (redis.h, postgres.h).
#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <pqxx/pqxx>
#include <random>
#include <thread>
#include <vector>

#include "tests/harness/postgres.h"
#include "tests/harness/redis.h"

namespace briefdesk::testing {
namespace {

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "test service: " << what << std::endl;
    std::abort();
  }
}

std::string TempDir() {
  char tmpl[] = "/tmp/briefdesk-fixture-XXXXXX";
  Check(mkdtemp(tmpl) != nullptr, "mkdtemp");
  chmod(tmpl, 0755);
  return tmpl;
}

// A child that dies with the test; as `user` when given.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log,
            const char* user = nullptr) {
  pid_t pid = fork();
  Check(pid >= 0, "fork failed");
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (user != nullptr) {
      passwd* pw = getpwnam(user);
      if (pw == nullptr || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
        _exit(126);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void StopChild(pid_t pid, int sig) {
  if (pid <= 0) return;
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
}

void RemoveDir(const std::string& dir) {
  if (std::getenv("BRIEFDESK_KEEP_TEST_DIR") != nullptr || dir.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// A port below the ephemeral range that nothing listens on, as Stack picks.
int FreePort() {
  static std::mt19937 rng(std::random_device{}() ^ getpid());
  std::uniform_int_distribution<int> pick(10000, 30000);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    int port = pick(rng);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (free) return port;
  }
  Check(false, "no free port");
  return 0;
}

std::string Shell(const std::string& command) {
  std::string out;
  if (FILE* f = popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
  }
  return out;
}

std::string PgBin() {
  if (const char* d = std::getenv("BRIEFDESK_PG_BINDIR")) return d;
  glob_t g;
  std::string found;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0) {
    found = g.gl_pathv[g.gl_pathc - 1];
    found = found.substr(0, found.size() - std::string("/initdb").size());
  }
  globfree(&g);
  return found;
}

}  // namespace

TestRedis::TestRedis() : dir_(TempDir()), port_(FreePort()) {
  pid_ =
      Spawn({"/usr/bin/redis-server", "--port", std::to_string(port_), "--bind",
             "127.0.0.1", "--dir", dir_, "--save", "", "--appendonly", "no"},
            dir_ + "/redis.log");
  for (int i = 0; i < 100; ++i) {
    if (Cli("PING").find("PONG") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Check(false, "redis-server did not start: see " + dir_);
}

TestRedis::~TestRedis() {
  StopChild(pid_, SIGTERM);
  RemoveDir(dir_);
}

std::string TestRedis::Cli(const std::string& args) const {
  return Shell("redis-cli -p " + std::to_string(port_) + " " + args + " 2>&1");
}

TestPostgres::TestPostgres() : dir_(TempDir()), bin_(PgBin()) {
  Check(!bin_.empty(), "no PostgreSQL server programs found");
  const char* user = geteuid() == 0 ? "postgres" : nullptr;
  std::string data = dir_ + "/pg";
  mkdir(data.c_str(), 0700);
  if (user != nullptr) {
    passwd* pw = getpwnam(user);
    Check(pw != nullptr, "no postgres user to run PostgreSQL as");
    Check(chown(data.c_str(), pw->pw_uid, pw->pw_gid) == 0, "chown data");
  }
  std::string log = dir_ + "/postgres.log";
  pid_t init = Spawn({bin_ + "/initdb", "-D", data, "-U", "briefdesk",
                      "--auth=trust", "-E", "UTF8", "--no-sync"},
                     log, user);
  int status = 0;
  waitpid(init, &status, 0);
  Check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "initdb failed: see " + log);
  port_ = FreePort();
  pid_ =
      Spawn({bin_ + "/postgres", "-D", data, "-p", std::to_string(port_), "-k",
             data, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"},
            log, user);
  std::string url = Url("postgres");
  for (int i = 0; i < 300 && PQping(url.c_str()) != PQPING_OK; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Check(PQping(url.c_str()) == PQPING_OK, "PostgreSQL did not start: " + log);
}

TestPostgres::~TestPostgres() {
  StopChild(pid_, SIGINT);  // fast shutdown
  RemoveDir(dir_);
}

std::string TestPostgres::Url(const std::string& db) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=briefdesk dbname=" + db;
}

std::string TestPostgres::NewDatabase(const std::string& name) {
  pqxx::connection conn(Url("postgres"));
  pqxx::nontransaction(conn).exec("CREATE DATABASE " + conn.quote_name(name));
  return Url(name);
}

}  // namespace briefdesk::testing
