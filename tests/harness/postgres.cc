#include "tests/harness/postgres.h"

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
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

namespace briefdesk::testing {
namespace {

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "test postgres: " << what << std::endl;
    std::abort();
  }
}

std::string FindBin() {
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

// Below the kernel's ephemeral range, so that no outgoing connection takes
// the port between this check and the server's bind.
int PickPort() {
  static std::mt19937 rng(std::random_device{}() ^ getpid());
  std::uniform_int_distribution<int> pick(10000, 32000);
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

// Runs `argv` as a child (as the postgres user when `as_postgres`), its
// output appended to `log`; the child dies with the test.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log,
            bool as_postgres) {
  pid_t pid = fork();
  Check(pid >= 0, "fork failed");
  if (pid != 0) return pid;
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  if (as_postgres) {
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

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace

void Postgres::Start() {
  bin_ = FindBin();
  Check(!bin_.empty(), "no PostgreSQL server programs found");
  char tmpl[] = "/tmp/briefdesk-pg-XXXXXX";
  Check(mkdtemp(tmpl) != nullptr, "mkdtemp");
  dir_ = tmpl;
  chmod(dir_.c_str(), 0755);  // the postgres user writes its own subfolder
  std::string data = dir_ + "/pg";
  mkdir(data.c_str(), 0700);
  as_postgres_ = geteuid() == 0;
  if (as_postgres_) {
    passwd* pw = getpwnam("postgres");
    Check(pw != nullptr, "no postgres user to run PostgreSQL as");
    Check(chown(data.c_str(), pw->pw_uid, pw->pw_gid) == 0, "chown");
  }
  std::string log = dir_ + "/postgres.log";
  pid_t init = Spawn({bin_ + "/initdb", "-D", data, "-U", "briefdesk",
                      "--auth=trust", "-E", "UTF8", "--no-sync"},
                     log, as_postgres_);
  Check(WEXITSTATUS(WaitExit(init)) == 0, "initdb failed: see " + log);
  port_ = PickPort();
  pid_ =
      Spawn({bin_ + "/postgres", "-D", data, "-p", std::to_string(port_), "-k",
             data, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
             "synchronous_commit=off", "-c", "full_page_writes=off"},
            log, as_postgres_);
  std::string conninfo = url("postgres");
  for (int i = 0; i < 300 && PQping(conninfo.c_str()) != PQPING_OK; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Check(PQping(conninfo.c_str()) == PQPING_OK,
        "PostgreSQL did not start: see " + log);
}

std::string Postgres::url(const std::string& db) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=briefdesk dbname=" + db;
}

void Postgres::CreateDatabase(const std::string& name) {
  PGconn* conn = PQconnectdb(url("postgres").c_str());
  Check(PQstatus(conn) == CONNECTION_OK, "cannot connect to PostgreSQL");
  std::string sql = "CREATE DATABASE \"" + name + "\"";
  PGresult* r = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  Check(ok, "CREATE DATABASE " + name + ": " + error);
}

void Postgres::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);  // fast shutdown
    WaitExit(pid_);
    pid_ = 0;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

}  // namespace briefdesk::testing
