// Idempotency-Key support on a real PostgreSQL: a replay of the same request
// with the same key gets the stored answer; the key used for a different
// request (or another route) is refused (INVALID_ARGUMENT on field
// Idempotency-Key); keys are per user; an answer rolled back or older than
// 24 hours leaves the key free; a concurrent replay waits for the first.
#include "libs/storage/idempotency.h"

#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "libs/rpc/rpc.h"
#include "libs/storage/storage_test_support.h"

namespace briefdesk::storage {
namespace {

using google::protobuf::StringValue;
using namespace std::chrono_literals;

// The table as services/briefs/migrations/0001_init.sql makes it (the
// header says the service's database needs it).
constexpr char kTable[] =
    "CREATE TABLE idempotency_keys ("
    "  user_id text NOT NULL, key text NOT NULL, method text NOT NULL,"
    "  request_hash bytea NOT NULL, response bytea NOT NULL,"
    "  create_time timestamptz NOT NULL DEFAULT now(),"
    "  PRIMARY KEY (user_id, key))";

constexpr char kMethod[] = "/briefdesk.briefs.v1.Briefs/CreateBrief";

StringValue Request(const std::string& v) {
  StringValue m;
  m.set_value(v);
  return m;
}

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test_support::NewDatabase();
    conn_ = std::make_unique<pqxx::connection>(url_);
    pqxx::nontransaction(*conn_).exec(kTable);
  }

  // One request's transaction: the stored answer, or (none stored) saves
  // `answer` and commits. What FindAnswer said.
  absl::StatusOr<std::optional<std::string>> Handle(
      const IdempotencyScope& scope, const std::string& answer) {
    pqxx::work tx(*conn_);
    auto found = FindAnswer(tx, scope);
    if (found.ok() && !found->has_value()) SaveAnswer(tx, scope, answer);
    tx.commit();
    return found;
  }

  int64_t Rows() {
    return pqxx::nontransaction(*conn_)
        .exec1("SELECT count(*) FROM idempotency_keys")[0]
        .as<int64_t>();
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(IdempotencyTest, ReplaysGetTheStoredAnswer) {
  IdempotencyScope scope = ScopeFor("u1", "key-1", kMethod, Request("A"));
  // Binary and longer than a line of base64, as a serialized answer is.
  std::string answer(300, '\0');
  for (size_t i = 0; i < answer.size(); ++i) answer[i] = char(i * 7);

  auto first = Handle(scope, answer);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->has_value()) << "nothing stored before the first";
  for (int i = 0; i < 2; ++i) {
    auto replay = Handle(ScopeFor("u1", "key-1", kMethod, Request("A")),
                         "must not be stored");
    ASSERT_TRUE(replay.ok()) << replay.status();
    ASSERT_TRUE(replay->has_value());
    EXPECT_EQ(**replay, answer) << "replay " << i;
  }
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, TheKeyForADifferentRequestIsRefused) {
  ASSERT_TRUE(Handle(ScopeFor("u1", "key-1", kMethod, Request("A")), "a").ok());
  auto other = Handle(ScopeFor("u1", "key-1", kMethod, Request("B")), "b");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  auto details = rpc::DetailsOf(other.status());
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).field(), "Idempotency-Key");

  // The same request on another route is a different request too.
  auto route =
      Handle(ScopeFor("u1", "key-1", "/other/Method", Request("A")), "c");
  EXPECT_EQ(route.status().code(), absl::StatusCode::kInvalidArgument);

  // The first answer stays.
  auto replay = Handle(ScopeFor("u1", "key-1", kMethod, Request("A")), "x");
  ASSERT_TRUE(replay.ok() && replay->has_value());
  EXPECT_EQ(**replay, "a");
}

TEST_F(IdempotencyTest, KeysArePerUser) {
  ASSERT_TRUE(Handle(ScopeFor("u1", "key-1", kMethod, Request("A")), "a").ok());
  auto other_user = Handle(ScopeFor("u2", "key-1", kMethod, Request("B")), "b");
  ASSERT_TRUE(other_user.ok()) << other_user.status();
  EXPECT_FALSE(other_user->has_value());
  auto replay = Handle(ScopeFor("u2", "key-1", kMethod, Request("B")), "x");
  ASSERT_TRUE(replay.ok() && replay->has_value());
  EXPECT_EQ(**replay, "b");
}

TEST_F(IdempotencyTest, WithoutAKeyNothingIsStored) {
  for (int i = 0; i < 2; ++i) {
    auto r = Handle(ScopeFor("u1", "", kMethod, Request("A")), "a");
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->has_value());
  }
  EXPECT_EQ(Rows(), 0);
}

TEST_F(IdempotencyTest, ARolledBackAnswerLeavesTheKeyFree) {
  IdempotencyScope scope = ScopeFor("u1", "key-1", kMethod, Request("A"));
  {
    pqxx::work tx(*conn_);
    ASSERT_TRUE(FindAnswer(tx, scope).ok());
    SaveAnswer(tx, scope, "a");
    tx.abort();  // what it created failed
  }
  // Not even a different request is refused: nothing was kept.
  auto other = Handle(ScopeFor("u1", "key-1", kMethod, Request("B")), "b");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_FALSE(other->has_value());
}

TEST_F(IdempotencyTest, AnAnswerOlderThan24HoursIsReplaced) {
  ASSERT_TRUE(Handle(ScopeFor("u1", "key-1", kMethod, Request("A")), "a").ok());
  pqxx::nontransaction(*conn_).exec(
      "UPDATE idempotency_keys SET create_time = now() - interval '25 hours'");
  auto reused = Handle(ScopeFor("u1", "key-1", kMethod, Request("B")), "b");
  ASSERT_TRUE(reused.ok()) << reused.status();
  EXPECT_FALSE(reused->has_value());
  auto replay = Handle(ScopeFor("u1", "key-1", kMethod, Request("B")), "x");
  ASSERT_TRUE(replay.ok() && replay->has_value());
  EXPECT_EQ(**replay, "b");
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, AConcurrentReplayWaitsForTheFirstAnswer) {
  IdempotencyScope scope = ScopeFor("u1", "key-1", kMethod, Request("A"));
  pqxx::work first(*conn_);
  ASSERT_TRUE(FindAnswer(first, scope).ok());
  SaveAnswer(first, scope, "a");

  // The replay, on a connection of its own, while the first is open.
  auto replay = std::async(std::launch::async, [&] {
    pqxx::connection conn(url_);
    pqxx::work tx(conn);
    auto found = FindAnswer(tx, scope);
    tx.commit();
    return found;
  });
  // Until it waits on the scope's lock (bounded).
  pqxx::connection watch(url_);
  auto until = std::chrono::steady_clock::now() + 10s;
  while (pqxx::nontransaction(watch)
             .exec1("SELECT count(*) FROM pg_stat_activity WHERE "
                    "wait_event_type = 'Lock' AND wait_event = 'advisory'")[0]
             .as<int>() == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), until) << "replay never waited";
    std::this_thread::sleep_for(10ms);
  }
  first.commit();
  auto found = replay.get();
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value()) << "the replay did not see the first answer";
  EXPECT_EQ(**found, "a");
}

}  // namespace
}  // namespace briefdesk::storage
