// What the harness's launchers share (Stack, Postgres, TestRedis): child
// processes that die with the test, free loopback ports, temp folders.
#ifndef BRIEFDESK_TESTS_HARNESS_PROCESS_H_
#define BRIEFDESK_TESTS_HARNESS_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace briefdesk::testing {

// Stops the test binary with `what` on stderr unless `ok`: a harness that
// cannot start its servers has nothing to test.
void Require(bool ok, const std::string& what);

// A free TCP port on 127.0.0.1, below the kernel's ephemeral range (so no
// outgoing connection takes it before the server binds), never handed out
// twice in one process.
int FreePort();

// Runs a shell command and returns what it printed on stdout.
std::string Shell(const std::string& command);

// The folder of PostgreSQL's server programs (BRIEFDESK_PG_BINDIR, or the
// newest /usr/lib/postgresql/*/bin); empty when there is none.
std::string PgBinDir();

// A new folder /tmp/<prefix>-XXXXXX that other users may enter (the
// postgres user writes its own subfolder).
std::string MakeTempDir(const std::string& prefix);
// Removes it, unless BRIEFDESK_KEEP_TEST_DIR is set.
void RemoveTempDir(const std::string& dir);

struct ChildOptions {
  std::string log;  // stdout and stderr are appended here
  std::map<std::string, std::string> env;
  bool as_postgres = false;  // change to the postgres user first
  int open_files = 0;        // RLIMIT_NOFILE, soft and hard; 0 keeps it
};
// Starts `argv` (argv[0] a path) as a child that gets SIGKILL when the test
// ends, also after changing user.
pid_t SpawnChild(const std::vector<std::string>& argv,
                 const ChildOptions& options);
// Raises this process's open-file limit to its hard limit: for tests that
// hold many sockets.
void RaiseOpenFileLimit();

// Waits for the child; its wait status.
int WaitExit(pid_t pid);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_PROCESS_H_
