// libs/outbox on a real PostgreSQL, with fake receivers on a loopback gRPC
// server: Enqueue writes in the caller's transaction, FirstDelivery sees an
// id once, and a Relay delivers the rows in order, in batches or (to a
// receiver of an older version) one at a time, woken by NOTIFY.
#include "libs/outbox/outbox.h"

#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "libs/outbox/outbox_test_support.h"

namespace briefdesk::outbox {
namespace {

using namespace std::chrono_literals;
using test_support::CommitEvents;
using test_support::DatabaseUrl;
using test_support::SinkServer;
using test_support::TestDestination;
using test_support::WaitUntil;

TEST(OutboxEnqueueTest, WritesOneRowPerDestinationAndListsThem) {
  SinkServer a, b;
  const std::string da = TestDestination("-a"), db = TestDestination("-b");
  Relay ra(DatabaseUrl(), da, a.target()), rb(DatabaseUrl(), db, b.target());
  ra.Start();
  rb.Start();

  Written written;
  std::vector<std::string> first = CommitEvents(1, {da, db}, &written);
  ASSERT_EQ(written.rows.size(), 2u);
  EXPECT_EQ(written.rows[0].first, da);
  EXPECT_EQ(written.rows[1].first, db);
  EXPECT_NE(written.rows[0].second, written.rows[1].second);
  // The seq Written names is the row the destination's relay acknowledged.
  // (Right after Start, before the relay holds its lock, AwaitDelivery
  // would answer kNotHere: wait for the receivers first.)
  ASSERT_TRUE(WaitUntil([&] { return !a.receiver.ids().empty(); }, 10s));
  ASSERT_TRUE(WaitUntil([&] { return !b.receiver.ids().empty(); }, 10s));
  auto until = std::chrono::steady_clock::now() + 10s;
  EXPECT_EQ(ra.AwaitDelivery(written.rows[0].second, until),
            Relay::Wait::kDelivered);
  EXPECT_EQ(rb.AwaitDelivery(written.rows[1].second, until),
            Relay::Wait::kDelivered);

  // One row each: the first event arrives once, and then the next one.
  std::vector<std::string> second = CommitEvents(1, {da, db});
  std::vector<std::string> both = {first[0], second[0]};
  EXPECT_TRUE(WaitUntil([&] { return a.receiver.ids().size() >= 2; }, 10s));
  EXPECT_TRUE(WaitUntil([&] { return b.receiver.ids().size() >= 2; }, 10s));
  EXPECT_EQ(a.receiver.ids(), both);
  EXPECT_EQ(b.receiver.ids(), both);
}

TEST(OutboxEnqueueTest, RolledBackTransactionDeliversNothing) {
  SinkServer sink;
  const std::string d = TestDestination();
  Relay relay(DatabaseUrl(), d, sink.target());
  relay.Start();
  {
    pqxx::connection conn(DatabaseUrl());
    pqxx::work tx(conn);
    Enqueue(tx, NewEvent(events::v1::BRIEF_SUBMITTED, "brief-1", "tester"),
            {d});
    Enqueue(tx, NewEvent(events::v1::BRIEF_SUBMITTED, "brief-2", "tester"),
            {d});
    tx.abort();
  }
  // Rows are delivered in order: had the rolled-back rows been written,
  // they would have come before this one.
  std::vector<std::string> committed = CommitEvents(1, {d});
  ASSERT_TRUE(WaitUntil([&] { return !sink.receiver.ids().empty(); }, 10s));
  EXPECT_EQ(sink.receiver.ids(), committed);
}

TEST(OutboxEnqueueTest, RowsAreDeliveredOnlyOnceTheirTransactionCommits) {
  SinkServer sink;
  const std::string d = TestDestination();
  Relay relay(DatabaseUrl(), d, sink.target());
  relay.Start();

  pqxx::connection conn(DatabaseUrl());
  pqxx::work open(conn);
  Event pending = NewEvent(events::v1::BRIEF_SUBMITTED, "brief-1", "tester");
  Enqueue(open, pending, {d});
  // Another transaction, committed meanwhile, is delivered; the open one's
  // row is not.
  std::vector<std::string> committed = CommitEvents(1, {d});
  ASSERT_TRUE(WaitUntil([&] { return !sink.receiver.ids().empty(); }, 10s));
  EXPECT_EQ(sink.receiver.ids(), committed);

  open.commit();
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 2; }, 10s));
  std::vector<std::string> ids = sink.receiver.ids();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{committed[0], pending.id()}));
  EXPECT_EQ(ids.size(), 2u);
}

TEST(OutboxFirstDeliveryTest, TrueTheFirstTimeFalseForARepeat) {
  pqxx::connection conn(DatabaseUrl());
  const std::string id = NewEvent(events::v1::BRIEF_SUBMITTED, "b", "a").id();
  {
    pqxx::work tx(conn);
    EXPECT_TRUE(FirstDelivery(tx, id));
    tx.commit();
  }
  for (int i = 0; i < 2; ++i) {
    pqxx::work tx(conn);
    EXPECT_FALSE(FirstDelivery(tx, id)) << "repeat " << i;
    tx.commit();
  }
  // Another id is unaffected.
  pqxx::work tx(conn);
  EXPECT_TRUE(
      FirstDelivery(tx, NewEvent(events::v1::BRIEF_SUBMITTED, "b", "a").id()));
}

TEST(OutboxFirstDeliveryTest, RolledBackFirstDeliveryLeavesTheIdUnseen) {
  pqxx::connection conn(DatabaseUrl());
  const std::string id = NewEvent(events::v1::BRIEF_SUBMITTED, "b", "a").id();
  {
    pqxx::work tx(conn);
    EXPECT_TRUE(FirstDelivery(tx, id));
    tx.abort();  // applying the event failed
  }
  {
    pqxx::work tx(conn);
    EXPECT_TRUE(FirstDelivery(tx, id)) << "the redelivery must be applied";
    tx.commit();
  }
  pqxx::work tx(conn);
  EXPECT_FALSE(FirstDelivery(tx, id));
}

TEST(OutboxRelayTest, DeliversManyRowsInSeqOrderInFewerCallsThanRows) {
  SinkServer sink;
  const std::string d = TestDestination();
  // Committed before the relay runs: all pending at its first look.
  Written written;
  std::vector<std::string> ids = CommitEvents(50, {d}, &written);
  for (size_t i = 1; i < written.rows.size(); ++i) {
    EXPECT_LT(written.rows[i - 1].second, written.rows[i].second);
  }
  Relay relay(DatabaseUrl(), d, sink.target());
  relay.Start();
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 50; }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids);
  EXPECT_LT(sink.receiver.batch_calls(), 50);
  EXPECT_EQ(sink.receiver.single_calls(), 0);
  EXPECT_EQ(sink.receiver.failed(), 0);
}

TEST(OutboxRelayTest, KeepsTheOrderAcrossTransactions) {
  SinkServer sink;
  const std::string d = TestDestination();
  Relay relay(DatabaseUrl(), d, sink.target());
  relay.Start();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    for (const std::string& id : CommitEvents(3, {d})) ids.push_back(id);
  }
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 30; }, 10s));
  EXPECT_EQ(sink.receiver.ids(), ids);
}

TEST(OutboxRelayTest, ReceiverWithoutDeliverBatchGetsOneEventACallInOrder) {
  SinkServer old(/*batches=*/false);
  const std::string d = TestDestination();
  std::vector<std::string> ids = CommitEvents(10, {d});
  Relay relay(DatabaseUrl(), d, old.target());
  relay.Start();
  ASSERT_TRUE(WaitUntil([&] { return old.receiver.ids().size() >= 10; }, 10s));
  EXPECT_EQ(old.receiver.ids(), ids);
  // Each Deliver carried one event, none twice.
  EXPECT_EQ(old.receiver.single_calls(), 10);
  EXPECT_EQ(old.receiver.failed(), 0);

  // And so on for rows written later.
  std::vector<std::string> more = CommitEvents(3, {d});
  ids.insert(ids.end(), more.begin(), more.end());
  ASSERT_TRUE(WaitUntil([&] { return old.receiver.ids().size() >= 13; }, 10s));
  EXPECT_EQ(old.receiver.ids(), ids);
  EXPECT_EQ(old.receiver.single_calls(), 13);
}

TEST(OutboxRelayTest, NotifyWakesAnIdleRelayLongBeforeItsPoll) {
  SinkServer sink;
  const std::string d = TestDestination();
  RelayOptions options;
  options.poll = 10s;
  Relay relay(DatabaseUrl(), d, sink.target(), options);
  relay.Start();
  std::vector<std::string> ids = CommitEvents(1, {d});
  ASSERT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 1; }, 5s));
  // Not an assertion: lets the relay find nothing more and go idle.
  std::this_thread::sleep_for(300ms);

  std::vector<std::string> next = CommitEvents(1, {d});
  ids.push_back(next[0]);
  EXPECT_TRUE(WaitUntil([&] { return sink.receiver.ids().size() >= 2; }, 3s))
      << "not woken by the commit's NOTIFY (poll is 10 s)";
  EXPECT_EQ(sink.receiver.ids(), ids);
  test_support::StopPromptly(relay);
}

}  // namespace
}  // namespace briefdesk::outbox
