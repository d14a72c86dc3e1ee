// storage::Migrate on a real PostgreSQL: migrations apply in order, each
// once (a second run, or an upgrade, applies only what is new); a failing
// one is rolled back and stops the run; replicas starting together apply
// each migration once; a library's record table is its own.
#include "libs/storage/migrations.h"

#include <gtest/gtest.h>

#include <latch>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "libs/storage/storage_test_support.h"

namespace briefdesk::storage {
namespace {

using test_support::NewDatabase;

// Each depends on the one before: applied out of order, one would fail.
const std::vector<Migration> kThree = {
    {1, "create_t", "CREATE TABLE t (a integer)"},
    {2, "add_b", "ALTER TABLE t ADD COLUMN b integer"},
    {3, "insert_row", "INSERT INTO t (a, b) VALUES (1, 2)"},
};

std::vector<std::pair<int, std::string>> Recorded(
    const std::string& url, const std::string& table = "schema_migrations") {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  std::vector<std::pair<int, std::string>> out;
  for (const auto& r : tx.exec("SELECT version, name FROM " +
                               conn.quote_name(table) + " ORDER BY version")) {
    out.emplace_back(r[0].as<int>(), r[1].as<std::string>());
  }
  return out;
}

int64_t Count(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  return pqxx::nontransaction(conn).exec1(sql)[0].as<int64_t>();
}

bool TableExists(const std::string& url, const std::string& table) {
  return Count(url, "SELECT count(*) FROM pg_tables WHERE tablename = '" +
                        table + "'") == 1;
}

const std::vector<std::pair<int, std::string>> kThreeRecorded = {
    {1, "create_t"}, {2, "add_b"}, {3, "insert_row"}};

TEST(MigrateTest, AppliesEachInOrderAndASecondRunAppliesNothing) {
  const std::string url = NewDatabase();
  pqxx::connection conn(url);
  ASSERT_TRUE(Migrate(conn, kThree).ok());
  EXPECT_EQ(Recorded(url), kThreeRecorded);
  EXPECT_EQ(Count(url, "SELECT count(*) FROM t WHERE b = 2"), 1);

  // Run again (a restart): nothing runs twice (the CREATE TABLE would fail,
  // the INSERT would add a row).
  absl::Status again = Migrate(conn, kThree);
  EXPECT_TRUE(again.ok()) << again;
  EXPECT_EQ(Recorded(url), kThreeRecorded);
  EXPECT_EQ(Count(url, "SELECT count(*) FROM t"), 1);
}

TEST(MigrateTest, AnUpgradeAppliesOnlyTheNewMigrations) {
  const std::string url = NewDatabase();
  pqxx::connection conn(url);
  ASSERT_TRUE(Migrate(conn, {kThree[0], kThree[1]}).ok());
  EXPECT_EQ(Count(url, "SELECT count(*) FROM t"), 0);
  absl::Status upgrade = Migrate(conn, kThree);
  EXPECT_TRUE(upgrade.ok()) << upgrade;
  EXPECT_EQ(Recorded(url), kThreeRecorded);
  EXPECT_EQ(Count(url, "SELECT count(*) FROM t"), 1);
}

TEST(MigrateTest, AFailingMigrationIsRolledBackAndStopsTheRun) {
  const std::string url = NewDatabase();
  std::vector<Migration> ms = {
      kThree[0],
      {2, "broken",
       "CREATE TABLE u (a integer); INSERT INTO t (a) VALUES (7); "
       "SELECT no_such_function()"},
      {3, "create_v", "CREATE TABLE v (a integer)"},
  };
  pqxx::connection conn(url);
  absl::Status s = Migrate(conn, ms);
  ASSERT_FALSE(s.ok());
  // The database's error, for the operator.
  EXPECT_NE(s.message().find("no_such_function"), absl::string_view::npos) << s;
  // Nothing of "broken" stayed, and what follows it did not run.
  EXPECT_EQ(Recorded(url),
            (std::vector<std::pair<int, std::string>>{{1, "create_t"}}));
  EXPECT_FALSE(TableExists(url, "u"));
  EXPECT_EQ(Count(url, "SELECT count(*) FROM t"), 0);
  EXPECT_FALSE(TableExists(url, "v"));

  // Fixed, the next start applies it and the rest.
  ms[1].sql = "CREATE TABLE u (a integer)";
  pqxx::connection again(url);
  absl::Status fixed = Migrate(again, ms);
  EXPECT_TRUE(fixed.ok()) << fixed;
  EXPECT_TRUE(TableExists(url, "u"));
  EXPECT_TRUE(TableExists(url, "v"));
  EXPECT_EQ(Recorded(url).size(), 3u);
}

// `n` connections call Migrate at once; their statuses.
std::vector<absl::Status> MigrateTogether(const std::string& url, int n,
                                          const std::vector<Migration>& ms) {
  std::vector<absl::Status> out(n);
  std::latch ready(n);
  std::vector<std::thread> replicas;
  for (int i = 0; i < n; ++i) {
    replicas.emplace_back([&, i] {
      pqxx::connection conn(url);
      ready.arrive_and_wait();
      out[i] = Migrate(conn, ms);
    });
  }
  for (std::thread& t : replicas) t.join();
  return out;
}

TEST(MigrateTest, ReplicasStartingTogetherApplyEachMigrationOnce) {
  // Not idempotent: run twice, the CREATE TABLE fails and the INSERT adds
  // a row. The sleep widens the window of a race.
  const std::vector<Migration> ms = {
      {1, "create_t", "CREATE TABLE t (a integer); SELECT pg_sleep(0.2)"},
      {2, "insert_row", "INSERT INTO t (a) VALUES (1)"},
  };
  for (int round = 0; round < 3; ++round) {
    // A new database each round: the record table does not exist yet.
    const std::string url = NewDatabase();
    for (const absl::Status& s : MigrateTogether(url, 4, ms)) {
      EXPECT_TRUE(s.ok()) << "round " << round << ": " << s;
    }
    EXPECT_EQ(Count(url, "SELECT count(*) FROM t"), 1) << "round " << round;
    EXPECT_EQ(Recorded(url).size(), 2u) << "round " << round;
  }
}

TEST(MigrateTest, EachRecordTableIsItsOwn) {
  const std::string url = NewDatabase();
  pqxx::connection conn(url);
  // The same version numbers, as a library's and a service's have.
  ASSERT_TRUE(Migrate(conn, {{1, "lib_init", "CREATE TABLE lib_t (a integer)"}},
                      "lib_migrations")
                  .ok());
  ASSERT_TRUE(
      Migrate(conn, {{1, "service_init", "CREATE TABLE svc_t (a integer)"}})
          .ok());
  EXPECT_TRUE(TableExists(url, "lib_t"));
  EXPECT_TRUE(TableExists(url, "svc_t"));
  EXPECT_EQ(Recorded(url, "lib_migrations"),
            (std::vector<std::pair<int, std::string>>{{1, "lib_init"}}));
  EXPECT_EQ(Recorded(url),
            (std::vector<std::pair<int, std::string>>{{1, "service_init"}}));
}

}  // namespace
}  // namespace briefdesk::storage
