#include "tests/harness/stack.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "libs/clock/clock.h"
#include "tests/harness/http_client.h"
#include "tests/harness/process.h"

namespace briefdesk::testing {
namespace {

Stack::Options& PendingOptions() {
  static Stack::Options options;
  return options;
}

}  // namespace

void Stack::Configure(Options options) {
  PendingOptions() = std::move(options);
}

Stack& Stack::Get() {
  static std::unique_ptr<Stack> stack = [] {
    std::unique_ptr<Stack> s(new Stack());
    s->options_ = PendingOptions();
    s->Start();
    return s;
  }();
  return *stack;
}

Stack::~Stack() { Stop(); }

pid_t Stack::Spawn(const std::string& name,
                   const std::vector<std::string>& argv,
                   const std::map<std::string, std::string>& env) {
  ChildOptions child{.log = dir_ + "/" + name + ".log", .env = env};
  if (name.rfind("gateway", 0) == 0) {
    child.open_files = options_.gateway_open_files;
  }
  child.as_postgres = name == "postgres" && as_postgres_user_;
  return SpawnChild(argv, child);
}

void Stack::StartPostgres() {
  pg_bin_ = PgBinDir();
  Require(!pg_bin_.empty(), "no PostgreSQL server programs found");
  as_postgres_user_ = geteuid() == 0;
  std::string data = dir_ + "/pg";
  mkdir(data.c_str(), 0700);
  if (as_postgres_user_) {
    passwd* pw = getpwnam("postgres");
    Require(pw != nullptr, "no postgres user to run PostgreSQL as");
    Require(chown(data.c_str(), pw->pw_uid, pw->pw_gid) == 0, "chown data");
  }
  pid_t init = Spawn("postgres",
                     {pg_bin_ + "/initdb", "-D", data, "-U", "briefdesk",
                      "--auth=trust", "-E", "UTF8", "--no-sync"},
                     {});
  Require(WEXITSTATUS(WaitExit(init)) == 0, "initdb failed: see " + dir_);
  pg_port_ = FreePort();
  SpawnPostgres();
  pqxx::connection conn(DatabaseUrl("postgres"));
  pqxx::nontransaction(conn).exec("CREATE DATABASE briefs");
  pqxx::nontransaction(conn).exec("CREATE DATABASE review");
  pqxx::nontransaction(conn).exec("CREATE DATABASE notification");
  pqxx::nontransaction(conn).exec("CREATE DATABASE courses");
  db_url_ = DatabaseUrl("briefs");
}

// The server runs as this process's child (so it dies with the test, and
// Stop() can wait for it), on the port and data folder it had before.
void Stack::SpawnPostgres() {
  std::string data = dir_ + "/pg";
  pg_pid_ =
      Spawn("postgres",
            {pg_bin_ + "/postgres", "-D", data, "-p", std::to_string(pg_port_),
             "-k", data, "-c", "listen_addresses=127.0.0.1"},
            {});
  std::string conninfo = DatabaseUrl("postgres");
  for (int i = 0; i < 300 && PQping(conninfo.c_str()) != PQPING_OK; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Require(PQping(conninfo.c_str()) == PQPING_OK, "PostgreSQL did not start");
}

// pg_ctl's own restart would start the new server detached from this
// process, outside PR_SET_PDEATHSIG and waitpid; stopping with pg_ctl and
// starting the server again as before is the same immediate restart.
void Stack::RestartPostgres() {
  pid_t stop = Spawn("postgres",
                     {pg_bin_ + "/pg_ctl", "stop", "-D", dir_ + "/pg", "-m",
                      "immediate", "-w", "-t", "60"},
                     {});
  Require(WEXITSTATUS(WaitExit(stop)) == 0, "pg_ctl stop failed: see " + dir_);
  WaitExit(pg_pid_);
  SpawnPostgres();
}

std::string Stack::DatabaseUrl(const std::string& db) const {
  return "host=127.0.0.1 port=" + std::to_string(pg_port_) +
         " user=briefdesk dbname=" + db;
}

void Stack::Start() {
  dir_ = MakeTempDir("briefdesk-test");  // postgres writes a subfolder
  admin_key_ = "bdk_test_admin_key_0123456789abcdefghijklmnop";
  StartPostgres();
  redis_port_ = FreePort();
  mkdir((dir_ + "/redis").c_str(), 0755);
  StartRedis();
  for (const char* kind :
       {"briefs", "review", "notification", "courses", "gateway"}) {
    for (int i = 0; i < std::max(1, options_.replicas); ++i) {
      std::string name =
          i == 0 ? kind : kind + std::string("-") + std::to_string(i + 1);
      Process& p = processes_[name];
      p.kind = kind;
      p.port = FreePort();
      p.metrics_port = p.kind == "gateway" ? p.port : FreePort();
    }
  }
  for (const std::string& name : processes()) StartProcess(name);
  Require(WaitReady(), "the stack did not become ready: see " + dir_);
  for (const auto& [name, p] : processes_) {
    int status = 0;
    Require(waitpid(p.pid, &status, WNOHANG) == 0,
            name + " exited at start: see " + dir_ + "/" + name + ".log");
  }
}

std::vector<std::string> Stack::processes() const {
  std::vector<std::string> out;
  for (const auto& [name, p] : processes_) out.push_back(name);
  return out;
}

pid_t Stack::pid(const std::string& process) const {
  return processes_.at(process).pid;
}

int Stack::http_port(int replica) const {
  return processes_
      .at(replica == 0 ? "gateway" : "gateway-" + std::to_string(replica + 1))
      .port;
}

int Stack::metrics_port(const std::string& process) const {
  return processes_.at(process).metrics_port;
}

// The addresses every process is told of the services: all replicas.
std::map<std::string, std::string> Stack::Peers() const {
  std::map<std::string, std::vector<int>> ports;
  for (const auto& [name, p] : processes_) ports[p.kind].push_back(p.port);
  auto target = [&](const std::string& kind) {
    const std::vector<int>& list = ports[kind];
    if (list.size() == 1) return "127.0.0.1:" + std::to_string(list[0]);
    std::string t = "ipv4:";
    for (size_t i = 0; i < list.size(); ++i) {
      t += (i ? "," : "") + std::string("127.0.0.1:") + std::to_string(list[i]);
    }
    return t;
  };
  return {{"BRIEFDESK_BRIEFS_ADDR", target("briefs")},
          {"BRIEFDESK_REVIEW_ADDR", target("review")},
          {"BRIEFDESK_NOTIFICATION_ADDR", target("notification")},
          {"BRIEFDESK_COURSES_ADDR", target("courses")},
          {"BRIEFDESK_REDIS_ADDR", "127.0.0.1:" + std::to_string(redis_port_)},
          {"BRIEFDESK_CLOCK_OFFSET_FILE", ClockFile()}};
}

std::string Stack::ClockFile() const { return dir_ + "/clock-offset"; }

void Stack::SetClockOffset(std::chrono::seconds offset) {
  if (!clock::WriteOffsetFile(ClockFile(), offset)) {
    throw std::runtime_error("cannot write " + ClockFile());
  }
  // Every process looks at the file at most every 20 ms.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void Stack::StartProcess(const std::string& name) {
  Process& p = processes_.at(name);
  std::map<std::string, std::string> env = Peers();
  std::string own = "127.0.0.1:" + std::to_string(p.port);
  const std::map<std::string, std::string>* extra = nullptr;
  std::string bin;
  if (p.kind == "gateway") {
    env["BRIEFDESK_HTTP_PORT"] = std::to_string(p.port);
    env["BRIEFDESK_RATE_LIMIT_PER_MINUTE"] = "0";
    // Every test client is 127.0.0.1: a test of the limit sets its own.
    env["BRIEFDESK_PUBLIC_RATE_PER_MINUTE"] = "0";
    extra = &options_.gateway_env;
    bin = BRIEFDESK_GATEWAY_BIN;
  } else {
    env["BRIEFDESK_METRICS_ADDR"] =
        "127.0.0.1:" + std::to_string(p.metrics_port);
    if (p.kind == "briefs") {
      env["BRIEFDESK_BRIEFS_ADDR"] = own;
      env["BRIEFDESK_BRIEFS_DATABASE_URL"] = db_url_;
      env["BRIEFDESK_ADMIN_API_KEY"] = admin_key_;
      env["BRIEFDESK_ADMIN_EMAIL"] = admin_email();
      env["BRIEFDESK_ADMIN_PASSWORD"] = admin_password();
      extra = &options_.briefs_env;
      bin = BRIEFDESK_BRIEFS_BIN;
    } else if (p.kind == "review") {
      env["BRIEFDESK_REVIEW_ADDR"] = own;
      env["BRIEFDESK_REVIEW_DATABASE_URL"] = DatabaseUrl("review");
      extra = &options_.review_env;
      bin = BRIEFDESK_REVIEW_BIN;
    } else if (p.kind == "courses") {
      env["BRIEFDESK_COURSES_ADDR"] = own;
      env["BRIEFDESK_COURSES_DATABASE_URL"] = DatabaseUrl("courses");
      extra = &options_.courses_env;
      bin = BRIEFDESK_COURSES_BIN;
    } else {
      env["BRIEFDESK_NOTIFICATION_ADDR"] = own;
      env["BRIEFDESK_NOTIFICATION_DATABASE_URL"] = DatabaseUrl("notification");
      extra = &options_.notification_env;
      bin = BRIEFDESK_NOTIFICATION_BIN;
    }
  }
  for (const auto& [k, v] : *extra) env[k] = v;
  p.pid = Spawn(name, {bin}, env);
}

void Stack::SetEnv(const std::string& kind, const std::string& name,
                   const std::string& value) {
  std::map<std::string, std::map<std::string, std::string>*> envs = {
      {"briefs", &options_.briefs_env},
      {"review", &options_.review_env},
      {"notification", &options_.notification_env},
      {"courses", &options_.courses_env},
      {"gateway", &options_.gateway_env}};
  (*envs.at(kind))[name] = value;
}

void Stack::Signal(const std::string& name, int sig) {
  Process& p = processes_.at(name);
  if (p.pid > 0) kill(p.pid, sig);
}

int Stack::Kill(const std::string& name, int sig) {
  Process& p = processes_.at(name);
  if (p.pid <= 0) return 0;
  if (sig != 0) kill(p.pid, sig);
  int status = WaitExit(p.pid);
  p.pid = 0;
  return status;
}

void Stack::StartBriefs() { StartProcess("briefs"); }
void Stack::StartGateway() { StartProcess("gateway"); }
void Stack::StartReview() { StartProcess("review"); }
void Stack::StartNotification() { StartProcess("notification"); }
int Stack::KillBriefs(int sig) { return Kill("briefs", sig); }
int Stack::KillGateway(int sig) { return Kill("gateway", sig); }
int Stack::KillReview(int sig) { return Kill("review", sig); }
int Stack::KillNotification(int sig) { return Kill("notification", sig); }

void Stack::StartRedis() {
  redis_pid_ =
      Spawn("redis",
            {"/usr/bin/redis-server", "--port", std::to_string(redis_port_),
             "--bind", "127.0.0.1", "--dir", dir_ + "/redis", "--appendonly",
             "yes", "--appendfsync", "always", "--save", ""},
            {});
  for (int i = 0; i < 100; ++i) {
    if (RedisCli("PING").find("PONG") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Require(false, "Redis did not start");
}

void Stack::KillRedis(int sig) {
  kill(redis_pid_, sig);
  WaitExit(redis_pid_);
  redis_pid_ = 0;
}

std::string Stack::RedisCli(const std::string& args) {
  return Shell("redis-cli -p " + std::to_string(redis_port_) + " " + args +
               " 2>&1");
}

bool Stack::WaitReady(int seconds) {
  HttpClient client(http_port());
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (client.Send("GET", "/readyz").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void Stack::Stop() {
  for (const char* kind :
       {"gateway", "courses", "notification", "review", "briefs"}) {
    for (auto& [name, p] : processes_) {
      if (p.kind == kind && p.pid > 0) Kill(name, SIGTERM);
    }
  }
  if (redis_pid_ > 0) {
    kill(redis_pid_, SIGTERM);
    WaitExit(redis_pid_);
    redis_pid_ = 0;
  }
  if (pg_pid_ > 0) {
    kill(pg_pid_, SIGINT);  // PostgreSQL's fast shutdown
    WaitExit(pg_pid_);
    pg_pid_ = 0;
  }
  RemoveTempDir(dir_);
}

}  // namespace briefdesk::testing
