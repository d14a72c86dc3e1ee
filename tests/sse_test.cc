// GET /v1/notifications:stream: Server-Sent Events with ids, heartbeats and
// Last-Event-ID resume; many clients at once; a client that stops reading
// does not hold up the others.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <set>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/sse_client.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const bool kConfigured = [] {
  Stack::Options o;
  o.notification_env = {{"BRIEFDESK_STREAM_HEARTBEAT_SECONDS", "1"}};
  Stack::Configure(o);
  return true;
}();

class SseTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});

  // Submits a brief: every editor is told (brief.submitted).
  std::string Submit() { return Str(api.SubmittedBrief(author), "id"); }
  // The events of `events` about briefs in `mine`.
  static std::vector<SseEvent> Mine(const std::vector<SseEvent>& events,
                                    const std::set<std::string>& mine) {
    std::vector<SseEvent> out;
    for (const auto& e : events) {
      boost::system::error_code ec;
      auto v = boost::json::parse(e.data, ec);
      if (!ec && mine.count(Str(v, "briefId"))) out.push_back(e);
    }
    return out;
  }
};

TEST_F(SseTest, LiveNotificationsArriveAsEventsWithIds) {
  SseClient stream(api.stack().http_port(), editor.key);
  ASSERT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.content_type(), "text/event-stream; charset=utf-8");
  std::set<std::string> mine = {Submit(), Submit()};
  auto events = Mine(stream.ReadEvents(2, seconds(15)), mine);
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.event, "brief.submitted");
    auto v = boost::json::parse(e.data);
    EXPECT_EQ(Str(v, "event"), "brief.submitted");
    EXPECT_EQ(Str(v, "sequence"), e.id);
  }
  EXPECT_LT(std::stoll(events[0].id), std::stoll(events[1].id));
}

TEST_F(SseTest, ReconnectWithLastEventIdGetsExactlyWhatWasMissed) {
  std::set<std::string> mine;
  std::string last_id;
  {
    SseClient first(api.stack().http_port(), editor.key);
    mine.insert(Submit());
    auto got = Mine(first.ReadEvents(1, seconds(15)), mine);
    ASSERT_EQ(got.size(), 1u);
    last_id = got[0].id;
  }  // disconnected
  std::vector<std::string> missed = {Submit(), Submit()};
  mine.insert(missed.begin(), missed.end());
  // Let them be written before reconnecting.
  for (int i = 0; i < 100; ++i) {
    HttpResponse inbox =
        api.Call("GET", "/v1/notifications?pageSize=100", editor.key);
    if (inbox.body.find(missed[1]) != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  SseClient again(api.stack().http_port(), editor.key, last_id);
  auto replay = Mine(again.ReadEvents(2, seconds(15)), mine);
  ASSERT_EQ(replay.size(), 2u);
  std::vector<std::string> briefs;
  for (const auto& e : replay) {
    EXPECT_GT(std::stoll(e.id), std::stoll(last_id));
    briefs.push_back(Str(boost::json::parse(e.data), "briefId"));
  }
  EXPECT_EQ(briefs, missed);
  // And it goes on live.
  mine.insert(Submit());
  EXPECT_EQ(Mine(again.ReadEvents(3, seconds(15)), mine).size(), 3u);
}

// What a browser's EventSource needs: the reconnection time, and
// Last-Event-ID: 0 (what EventSource sends when the stream set no id yet)
// replaying everything from the start rather than nothing.
TEST_F(SseTest, EventSourceGetsRetryAndLastEventIdZeroReplaysFromTheStart) {
  User fresh = api.NewUser({"EDITOR"});
  std::vector<std::string> before = {Submit(), Submit()};
  std::set<std::string> mine(before.begin(), before.end());
  for (int i = 0; i < 100; ++i) {
    HttpResponse inbox = api.Call("GET", "/v1/notifications", fresh.key);
    if (inbox.body.find(before[1]) != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  SseClient from_start(api.stack().http_port(), fresh.key, "0");
  ASSERT_EQ(from_start.status(), 200);
  auto replay = Mine(from_start.ReadEvents(2, seconds(15)), mine);
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(Str(boost::json::parse(replay[0].data), "briefId"), before[0]);
  EXPECT_EQ(Str(boost::json::parse(replay[1].data), "briefId"), before[1]);
  EXPECT_EQ(from_start.retry_ms(), 3000);
  // Without Last-Event-ID, only what comes next.
  SseClient live(api.stack().http_port(), fresh.key);
  EXPECT_TRUE(Mine(live.ReadEvents(1, milliseconds(1500)), mine).empty());
  EXPECT_EQ(live.retry_ms(), 3000);
}

TEST_F(SseTest, HeartbeatsKeepAnIdleStreamAlive) {
  SseClient stream(api.stack().http_port(), author.key);
  ASSERT_EQ(stream.status(), 200);
  stream.ReadEvents(1, milliseconds(2500));
  // The first confirms the stream; at least one more came on the 1 s beat.
  EXPECT_GE(stream.heartbeats(), 2);
}

TEST_F(SseTest, StreamNeedsAKey) {
  SseClient anonymous(api.stack().http_port(), "");
  EXPECT_EQ(anonymous.status(), 401);
  SseClient bad(api.stack().http_port(), editor.key, "not-a-number");
  EXPECT_EQ(bad.status(), 400);
  SseClient negative(api.stack().http_port(), editor.key, "-1");
  EXPECT_EQ(negative.status(), 400);
}

TEST_F(SseTest, HundredClientsEachReceiveEveryEvent) {
  std::vector<std::unique_ptr<SseClient>> clients;
  for (int i = 0; i < 100; ++i) {
    clients.push_back(
        std::make_unique<SseClient>(api.stack().http_port(), editor.key));
    ASSERT_EQ(clients.back()->status(), 200) << "client " << i;
  }
  std::set<std::string> mine = {Submit(), Submit(), Submit()};
  int complete = 0;
  for (auto& c : clients) {
    complete += Mine(c->ReadEvents(3, seconds(20)), mine).size() == 3;
  }
  EXPECT_EQ(complete, 100);
}

TEST_F(SseTest, AClientThatStopsReadingDoesNotHoldUpOthers) {
  // Connected with a 4 KiB receive buffer, then never read from again.
  // (Kernel buffers may still absorb these 100 events; what this shows is
  // that the reader is served in full meanwhile. The gateway holds at most
  // one frame per stream whatever the client does: see event_stream.h.)
  SseClient stalled(api.stack().http_port(), editor.key, "", 4096);
  ASSERT_EQ(stalled.status(), 200);
  SseClient reader(api.stack().http_port(), editor.key);
  std::set<std::string> mine;
  for (int i = 0; i < 100; ++i) mine.insert(Submit());
  EXPECT_EQ(Mine(reader.ReadEvents(100, seconds(30)), mine).size(), 100u);
}

// SIGTERM to the notification service ends the open streams at once and
// properly (their last chunk; clients reconnect with Last-Event-ID), and
// the service exits without waiting out its grace period. (Last: it
// restarts the service.)
TEST_F(SseTest, ANotificationServiceThatDrainsEndsItsStreamsAtOnce) {
  SseClient first(api.stack().http_port(), author.key);
  SseClient second(api.stack().http_port(), editor.key);
  ASSERT_EQ(first.status(), 200);
  ASSERT_EQ(second.status(), 200);
  auto start = std::chrono::steady_clock::now();
  int status = api.stack().Kill("notification", SIGTERM);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_LT(took, seconds(5)) << "well inside the 10 s grace";
  first.ReadEvents(1000, milliseconds(2000));
  second.ReadEvents(1000, milliseconds(2000));
  EXPECT_TRUE(first.ended()) << "the stream was cut, not ended";
  EXPECT_TRUE(second.ended()) << "the stream was cut, not ended";
  api.stack().StartNotification();
  ASSERT_TRUE(api.stack().WaitReady());
  SseClient again(api.stack().http_port(), editor.key);
  EXPECT_EQ(again.status(), 200);
}

}  // namespace
}  // namespace briefdesk::testing
