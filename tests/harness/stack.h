// A real BriefDesk stack for integration tests: PostgreSQL (initdb in a temp
// folder, on a free loopback port), Redis, the briefs, review,
// notification and courses services and the gateway, as child processes that a
// test can signal, wait for and start again. With `replicas` > 1, each service
// and the gateway run that many times side by side, and every client reaches
// all replicas of a service (round_robin over an ipv4: address list).
#ifndef BRIEFDESK_TESTS_HARNESS_STACK_H_
#define BRIEFDESK_TESTS_HARNESS_STACK_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tests/harness/process.h"  // FreePort, Shell: tests use them

namespace briefdesk::testing {

class Stack {
 public:
  struct Options {
    std::map<std::string, std::string> gateway_env;  // extra variables
    std::map<std::string, std::string> briefs_env;
    std::map<std::string, std::string> review_env;
    std::map<std::string, std::string> notification_env;
    std::map<std::string, std::string> courses_env;
    int replicas = 1;
    // The gateway's open-file limit (soft and hard); 0 keeps the test's.
    int gateway_open_files = 0;
  };

  // The stack of this test binary, started on first use, stopped at exit.
  static Stack& Get();
  static void Configure(Options options);  // before the first Get()

  const std::string& admin_key() const { return admin_key_; }
  // The bootstrap admin's sign-in to the web app (a test's options may
  // set BRIEFDESK_ADMIN_PASSWORD in briefs_env instead).
  std::string admin_email() const { return "admin@briefdesk.local"; }
  std::string admin_password() const { return "admin-password-for-tests"; }
  // The gateway's port (replica 0 is "gateway", replica 1 "gateway-2").
  int http_port(int replica = 0) const;
  // Every process's name: briefs, review, notification, courses, gateway,
  // and with
  // replicas briefs-2, review-2, ...
  std::vector<std::string> processes() const;
  // A running process's pid (0 when it is not running).
  pid_t pid(const std::string& process) const;
  // The port of a process's /metrics (the gateway serves it on http_port).
  int metrics_port(const std::string& process) const;

  // Sends `sig` to the process, waits for it to exit; its wait status.
  // Kill(process, 0) only waits.
  int Kill(const std::string& process, int sig = 9);
  // Sends `sig` and returns at once.
  void Signal(const std::string& process, int sig);
  // A variable for the next starts of every process of `kind` ("briefs",
  // "review", "notification", "courses", "gateway"); an empty value reads
  // as unset.
  void SetEnv(const std::string& kind, const std::string& name,
              const std::string& value);
  void StartProcess(const std::string& process);
  const std::string& dir() const { return dir_; }
  // Moves every process's clock (libs/clock) `offset` ahead of the real
  // time, at once; returns once they all read it.
  void SetClockOffset(std::chrono::seconds offset);
  // The file that offset is written to (BRIEFDESK_CLOCK_OFFSET_FILE), for
  // tools that move the clock themselves (tests/browser/lib/clock.mjs).
  std::string ClockFile() const;

  // SIGKILL (or `sig`) the process and wait for it; then start it again.
  int KillBriefs(int sig = 9);
  void StartBriefs();
  int KillGateway(int sig = 9);
  void StartGateway();
  int KillReview(int sig = 9);
  void StartReview();
  int KillNotification(int sig = 9);
  void StartNotification();
  // Redis keeps its append-only file across a restart.
  void KillRedis(int sig = 9);
  void StartRedis();
  // PostgreSQL's immediate shutdown (`pg_ctl stop -m immediate`: every
  // backend ends at once, no checkpoint), then a start on the same port and
  // data, which recovers from the write-ahead log; returns once it accepts
  // connections. Open connections of the services are broken by it.
  void RestartPostgres();
  // Runs a redis-cli command against the stack's Redis; its output.
  std::string RedisCli(const std::string& args);
  int redis_port() const { return redis_port_; }
  // A libpq connection string for a database of the stack ("review", ...).
  std::string DatabaseUrl(const std::string& db) const;
  // Waits until /readyz answers 200 (every backend reachable).
  bool WaitReady(int seconds = 30);

  ~Stack();

 private:
  Stack() = default;
  void Start();
  void StartPostgres();
  void SpawnPostgres();
  pid_t Spawn(const std::string& name, const std::vector<std::string>& argv,
              const std::map<std::string, std::string>& env);
  void Stop();

  struct Process {
    std::string kind;  // briefs, review, notification, courses or gateway
    int port = 0, metrics_port = 0;
    pid_t pid = 0;
  };
  std::string dir_, admin_key_, pg_bin_, db_url_;
  int pg_port_ = 0, redis_port_ = 0;
  pid_t pg_pid_ = 0, redis_pid_ = 0;
  std::map<std::string, Process> processes_;
  // The addresses every service is told of the others.
  std::map<std::string, std::string> Peers() const;
  bool as_postgres_user_ = false;
  Options options_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_STACK_H_
