// A real BriefDesk stack for integration tests: PostgreSQL (initdb in a temp
// folder, on a free loopback port), the briefs service and the gateway, as
// child processes that a test can kill with SIGKILL and start again.
#ifndef BRIEFDESK_TESTS_HARNESS_STACK_H_
#define BRIEFDESK_TESTS_HARNESS_STACK_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace briefdesk::testing {

class Stack {
 public:
  struct Options {
    std::map<std::string, std::string> gateway_env;  // extra variables
    std::map<std::string, std::string> briefs_env;
    std::map<std::string, std::string> review_env;
    std::map<std::string, std::string> notification_env;
  };

  // The stack of this test binary, started on first use, stopped at exit.
  static Stack& Get();
  static void Configure(Options options);  // before the first Get()

  const std::string& admin_key() const { return admin_key_; }
  int http_port() const { return http_port_; }
  const std::string& dir() const { return dir_; }

  // SIGKILL (or `sig`) the process and wait for it; then start it again.
  void KillBriefs(int sig = 9);
  void StartBriefs();
  void KillGateway(int sig = 9);
  void StartGateway();
  void KillReview(int sig = 9);
  void StartReview();
  void KillNotification(int sig = 9);
  void StartNotification();
  // Redis keeps its append-only file across a restart.
  void KillRedis(int sig = 9);
  void StartRedis();
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
  pid_t Spawn(const std::string& name, const std::vector<std::string>& argv,
              const std::map<std::string, std::string>& env);
  void Stop();

  std::string dir_, admin_key_, pg_bin_, db_url_;
  int pg_port_ = 0, briefs_port_ = 0, http_port_ = 0, review_port_ = 0,
      redis_port_ = 0, notification_port_ = 0;
  pid_t pg_pid_ = 0, briefs_pid_ = 0, gateway_pid_ = 0, review_pid_ = 0,
        redis_pid_ = 0, notification_pid_ = 0;
  // The addresses every service is told of the others.
  std::map<std::string, std::string> Peers() const;
  bool as_postgres_user_ = false;
  Options options_;
};

// A free TCP port on 127.0.0.1 at the time of asking.
int FreePort();

// Runs a shell command and returns what it printed on stdout.
std::string Shell(const std::string& command);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_STACK_H_
