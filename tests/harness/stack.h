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
  int pg_port_ = 0, briefs_port_ = 0, http_port_ = 0;
  pid_t pg_pid_ = 0, briefs_pid_ = 0, gateway_pid_ = 0;
  bool as_postgres_user_ = false;
  Options options_;
};

// A free TCP port on 127.0.0.1 at the time of asking.
int FreePort();

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_STACK_H_
