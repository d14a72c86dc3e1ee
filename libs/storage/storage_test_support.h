// What libs/storage's tests on a real PostgreSQL share: a server of the
// test binary's own (tests/harness), and an empty database per test.
#ifndef BRIEFDESK_LIBS_STORAGE_STORAGE_TEST_SUPPORT_H_
#define BRIEFDESK_LIBS_STORAGE_STORAGE_TEST_SUPPORT_H_

#include <string>

#include "tests/harness/postgres.h"

namespace briefdesk::storage::test_support {

// A new, empty database on this binary's server; its connection string.
inline std::string NewDatabase() {
  static briefdesk::testing::Postgres server;
  static int made = (server.Start(), 0);
  std::string name = "test_" + std::to_string(++made);
  server.CreateDatabase(name);
  return server.url(name);
}

}  // namespace briefdesk::storage::test_support

#endif  // BRIEFDESK_LIBS_STORAGE_STORAGE_TEST_SUPPORT_H_
