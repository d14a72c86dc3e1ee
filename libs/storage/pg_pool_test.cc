// What the pool makes of each way libpqxx 6.4 reports a failure: a lost
// connection is UNAVAILABLE (503 at the gateway) and run again only when
// COMMIT was not sent; any other database error is INTERNAL.
#include "libs/storage/pg_pool.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace briefdesk::storage {
namespace {

constexpr bool kOpen = true, kClosed = false;
constexpr bool kBeforeCommit = false, kAtCommit = true;

TEST(ClassifyFailureTest, BrokenConnectionIsUnavailableAndRetriedBeforeCommit) {
  // What the reviewer met after `pg_ctl restart -m immediate`.
  pqxx::broken_connection e("Could not obtain client encoding: not connected.");
  Failure f = ClassifyFailure(e, kClosed, kBeforeCommit);
  EXPECT_EQ(f.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(f.status.message().find("not connected"), absl::string_view::npos);
  EXPECT_TRUE(f.connection_lost);
  EXPECT_TRUE(f.retry);
  // Whether or not libpqxx still thinks the connection is open.
  EXPECT_TRUE(ClassifyFailure(e, kOpen, kBeforeCommit).retry);
}

TEST(ClassifyFailureTest, LostAtCommitIsUnavailableAndNeverRetried) {
  pqxx::in_doubt_error doubt(
      "WARNING: Connection lost while committing transaction ''.");
  Failure f = ClassifyFailure(doubt, kClosed, kAtCommit);
  EXPECT_EQ(f.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(f.connection_lost);
  EXPECT_FALSE(f.retry) << "the COMMIT may have been applied";
  pqxx::broken_connection broken("server closed the connection unexpectedly");
  EXPECT_FALSE(ClassifyFailure(broken, kClosed, kAtCommit).retry);
  EXPECT_EQ(ClassifyFailure(broken, kClosed, kAtCommit).status.code(),
            absl::StatusCode::kUnavailable);
}

TEST(ClassifyFailureTest, SqlStatesOfALostSession) {
  for (const char* state : {"08000", "08003", "08006", "08001", "08004",
                            "57P01", "57P02", "57P03"}) {
    pqxx::sql_error e("terminating connection", "SELECT 1", state);
    Failure f = ClassifyFailure(e, kOpen, kBeforeCommit);
    EXPECT_EQ(f.status.code(), absl::StatusCode::kUnavailable) << state;
    EXPECT_TRUE(f.retry) << state;
    EXPECT_TRUE(f.connection_lost) << state;
  }
}

TEST(ClassifyFailureTest, AnyFailureOnAConnectionNoLongerOpen) {
  pqxx::failure plain("Could not obtain client encoding.");
  EXPECT_EQ(ClassifyFailure(plain, kClosed, kBeforeCommit).status.code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(ClassifyFailure(plain, kClosed, kBeforeCommit).retry);
  pqxx::sql_error no_state("server closed the connection unexpectedly");
  EXPECT_EQ(ClassifyFailure(no_state, kClosed, kBeforeCommit).status.code(),
            absl::StatusCode::kUnavailable);
  // The same on an open connection is a database error, not an outage.
  EXPECT_EQ(ClassifyFailure(plain, kOpen, kBeforeCommit).status.code(),
            absl::StatusCode::kInternal);
}

TEST(ClassifyFailureTest, OtherDatabaseErrorsAreInternal) {
  pqxx::unique_violation dup("duplicate key", "INSERT", "23505");
  Failure f = ClassifyFailure(dup, kOpen, kBeforeCommit);
  EXPECT_EQ(f.status.code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(f.retry);
  EXPECT_FALSE(f.connection_lost);
  pqxx::sql_error canceled("canceling statement", "SELECT", "57014");
  EXPECT_EQ(ClassifyFailure(canceled, kOpen, kBeforeCommit).status.code(),
            absl::StatusCode::kInternal);
  // Not a libpqxx failure: a closed connection does not make it an outage.
  std::out_of_range bug("vector::at");
  EXPECT_EQ(ClassifyFailure(bug, kClosed, kBeforeCommit).status.code(),
            absl::StatusCode::kInternal);
}

TEST(ClassifyFailureTest, SerializationFailureIsRetriedEvenAtCommit) {
  pqxx::serialization_failure e("could not serialize access");
  EXPECT_TRUE(ClassifyFailure(e, kOpen, kAtCommit).retry);
  EXPECT_FALSE(ClassifyFailure(e, kOpen, kAtCommit).connection_lost);
}

}  // namespace
}  // namespace briefdesk::storage
