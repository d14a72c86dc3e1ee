// A PostgreSQL server of a test's own: initdb in a temporary folder, on a
// free loopback port, as the postgres user when the test runs as root
// (initdb and postgres refuse root). For in-process fixtures that need a
// database and nothing else; Stack (stack.h) runs the whole system.
#ifndef BRIEFDESK_TESTS_HARNESS_POSTGRES_H_
#define BRIEFDESK_TESTS_HARNESS_POSTGRES_H_

#include <sys/types.h>

#include <string>

namespace briefdesk::testing {

class Postgres {
 public:
  Postgres() = default;
  ~Postgres() { Stop(); }
  Postgres(const Postgres&) = delete;
  Postgres& operator=(const Postgres&) = delete;

  // Creates the cluster and starts the server; aborts the test binary with
  // a message when it cannot. Without durability (fsync off): a fixture
  // tests behaviour, and a crash loses nothing it needs.
  void Start();
  // A libpq connection string for database `db` of this server.
  std::string url(const std::string& db) const;
  void CreateDatabase(const std::string& name);
  // Stops the server (fast shutdown) and removes its folder.
  void Stop();

 private:
  std::string dir_, bin_;
  int port_ = 0;
  pid_t pid_ = 0;
  bool as_postgres_ = false;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_POSTGRES_H_
