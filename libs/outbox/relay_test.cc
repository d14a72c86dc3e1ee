// libs/outbox's relays when things go wrong, on a real PostgreSQL with
// fake receivers on a loopback gRPC server: a failing receiver gets every
// row, in order, once it recovers, and nothing counts as acknowledged
// before; a waiting request (Relays::Await) learns either way; of two
// replicas' relays for one destination, one delivers, and the other takes
// over when it stops.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "libs/outbox/outbox.h"
#include "libs/outbox/outbox_test_support.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::outbox {
namespace {

using namespace std::chrono_literals;
using test_support::CommitEvents;
using test_support::DatabaseUrl;
using test_support::FastRetries;
using test_support::SinkServer;
using test_support::TestDestination;
using test_support::WaitUntil;

std::chrono::steady_clock::time_point In(std::chrono::milliseconds d) {
  return std::chrono::steady_clock::now() + d;
}

TEST(OutboxRelayRetryTest, FailingReceiverGetsEveryRowInOrderOnceItRecovers) {
  SinkServer sink;
  sink.receiver.FailNext(3);
  const std::string d = TestDestination();
  std::vector<std::string> ids = CommitEvents(5, {d});
  Relay relay(DatabaseUrl(), d, sink.target(), FastRetries());
  relay.Start();
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 5; }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids) << "each row once, in order";
  EXPECT_EQ(sink.receiver.failed(), 3);
  // Every retry started again from the oldest row.
  for (const std::string& first : sink.receiver.offered_first()) {
    EXPECT_EQ(first, ids[0]);
  }
}

TEST(OutboxRelayRetryTest, NothingIsAcknowledgedWhileTheReceiverFails) {
  SinkServer sink;
  sink.receiver.SetDown(true);
  const std::string d = TestDestination();
  Relay relay(DatabaseUrl(), d, sink.target(), FastRetries());
  relay.Start();
  Written written;
  std::vector<std::string> ids = CommitEvents(3, {d}, &written);
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.failed() >= 3; }, 10s));
  for (const auto& [destination, seq] : written.rows) {
    EXPECT_EQ(relay.AwaitDelivery(seq, In(100ms)), Relay::Wait::kFailing)
        << "seq " << seq;
  }
  EXPECT_TRUE(sink.receiver.ids().empty());

  // Up again: the rows arrive, in order, and then count as acknowledged.
  sink.receiver.SetDown(false);
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 3; }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids);
  // (Until the relay has the receiver's answer it still says kFailing at
  // once, whatever the deadline: ask again, within a bound.)
  for (const auto& [destination, seq] : written.rows) {
    EXPECT_TRUE(WaitUntil(
        [&, seq = seq] {
          return relay.AwaitDelivery(seq, In(100ms)) == Relay::Wait::kDelivered;
        },
        10s))
        << "seq " << seq;
  }
}

TEST(OutboxRelayRetryTest, RowsWrittenWhileTheReceiverIsDownFollowInOrder) {
  SinkServer sink;
  sink.receiver.SetDown(true);
  const std::string d = TestDestination();
  Relay relay(DatabaseUrl(), d, sink.target(), FastRetries());
  relay.Start();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    for (const std::string& id : CommitEvents(2, {d})) ids.push_back(id);
  }
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.failed() >= 2; }, 10s));
  sink.receiver.SetDown(false);
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 10; }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids);
}

class OutboxAwaitTest : public ::testing::Test {
 protected:
  storage::PgPool pool_{DatabaseUrl(), 2, nullptr};
};

TEST_F(OutboxAwaitTest, TrueOnceTheReceiverAcknowledged) {
  SinkServer sink;
  const std::string d = TestDestination(), other = TestDestination("-other");
  Relays relays(DatabaseUrl());
  relays.Add(d, sink.target(), FastRetries());
  relays.Start();
  Written written;
  // `other` has no relay anywhere: not in `sync`, it is not waited for.
  std::vector<std::string> ids = CommitEvents(2, {d, other}, &written);
  EXPECT_TRUE(relays.Await(written, {d}, 10s, &pool_));
  // What the waiting request's answer promises: the receiver has them.
  EXPECT_EQ(sink.receiver.ids(), ids);
}

TEST_F(OutboxAwaitTest, FalsePromptlyWhileTheReceiverFails) {
  SinkServer sink;
  sink.receiver.SetDown(true);
  const std::string d = TestDestination();
  Relays relays(DatabaseUrl());
  relays.Add(d, sink.target(), FastRetries());
  relays.Start();
  Written written;
  std::vector<std::string> ids = CommitEvents(1, {d}, &written);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(relays.Await(written, {d}, 60s, &pool_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s)
      << "the wait should end when the delivery fails, not at its timeout";
  EXPECT_TRUE(sink.receiver.ids().empty());

  // Delivered later, as always; then a wait for it is true.
  sink.receiver.SetDown(false);
  ASSERT_TRUE(WaitUntil([&] { return !sink.receiver.ids().empty(); }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids);
  // (False at once until the relay has the receiver's answer: ask again.)
  EXPECT_TRUE(WaitUntil(
      [&] { return relays.Await(written, {d}, 100ms, &pool_); }, 10s));
}

TEST_F(OutboxAwaitTest, AReplicaThatDoesNotRelayAsksTheDatabase) {
  SinkServer sink;
  const std::string d = TestDestination();
  Relays relaying(DatabaseUrl());
  relaying.Add(d, sink.target(), FastRetries());
  relaying.Start();
  Relays other_replica(DatabaseUrl());  // no relay for `d` here
  Written written;
  std::vector<std::string> ids = CommitEvents(1, {d}, &written);
  EXPECT_TRUE(other_replica.Await(written, {d}, 10s, &pool_));
  EXPECT_EQ(sink.receiver.ids(), ids);

  sink.receiver.SetDown(true);
  Written failing;
  CommitEvents(1, {d}, &failing);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(other_replica.Await(failing, {d}, 60s, &pool_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s)
      << "the wait should end when the delivery fails, not at its timeout";

  // A row behind the failing one is not tried itself (the relay retries
  // the oldest first): its wait ends too, well before its timeout.
  Written behind;
  CommitEvents(1, {d}, &behind);
  start = std::chrono::steady_clock::now();
  EXPECT_FALSE(other_replica.Await(behind, {d}, 20s, &pool_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s)
      << "a row waiting behind a failing one waited for its timeout";
}

// Which of two receivers got events, waiting until `n` arrived in all.
int Winner(SinkServer& a, SinkServer& b, size_t n) {
  bool arrived = WaitUntil(
      [&] { return a.receiver.ids().size() + b.receiver.ids().size() >= n; },
      10s);
  EXPECT_TRUE(arrived);
  return a.receiver.ids().empty() ? 1 : 0;
}

TEST(OutboxReplicasTest, OneRelayDeliversEachRowOnceAndTheOtherTakesOver) {
  SinkServer sinks[2];
  const std::string d = TestDestination();
  Relay relays[2] = {{DatabaseUrl(), d, sinks[0].target(), FastRetries()},
                     {DatabaseUrl(), d, sinks[1].target(), FastRetries()}};
  relays[0].Start();
  relays[1].Start();

  std::vector<std::string> ids = CommitEvents(5, {d});
  for (int i = 0; i < 3; ++i) {  // more, in transactions of their own
    for (const std::string& id : CommitEvents(1, {d})) ids.push_back(id);
  }
  const int w = Winner(sinks[0], sinks[1], ids.size()), l = 1 - w;
  EXPECT_EQ(sinks[w].receiver.ids(), ids);
  EXPECT_TRUE(sinks[l].receiver.ids().empty());

  relays[w].Stop();
  std::vector<std::string> later = CommitEvents(3, {d});
  ASSERT_TRUE(WaitUntil(
      [&] { return sinks[l].receiver.ids().size() >= later.size(); }, 15s))
      << "the other replica's relay did not take over";
  EXPECT_EQ(sinks[l].receiver.ids(), later);
  EXPECT_EQ(sinks[w].receiver.ids(), ids) << "nothing more after its stop";
}

}  // namespace
}  // namespace briefdesk::outbox
