// A throwaway PostgreSQL for in-process fixtures: initdb in a temporary
// folder, a server on a free loopback port (as the postgres user when the
// test runs as root), stopped and removed when the object goes. The same
// steps as Stack's, for tests that need only the database.
#ifndef BRIEFDESK_TESTS_HARNESS_POSTGRES_H_
#define BRIEFDESK_TESTS_HARNESS_POSTGRES_H_

#include <sys/types.h>

#include <string>

namespace briefdesk::testing {

class TestPostgres {
 public:
  // Aborts the test binary when the server does not start.
  TestPostgres();
  ~TestPostgres();
  TestPostgres(const TestPostgres&) = delete;
  TestPostgres& operator=(const TestPostgres&) = delete;

  // A new, empty database; its libpq connection string.
  std::string NewDatabase(const std::string& name);

 private:
  std::string Url(const std::string& db) const;
  std::string dir_, bin_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_POSTGRES_H_
