// Thousands of idle Server-Sent-Event streams at once: every one is
// confirmed and gets its heartbeats, the notification service serves them
// without a thread each, and one person's notification still reaches that
// person's stream promptly, with Last-Event-ID resume as before.
//
// BRIEFDESK_SSE_SCALE_STREAMS sets how many (default 2000); the test prints
// the resident memory and threads of the gateway and the notification
// service before and with the streams open, for measuring by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/sse_client.h"

namespace briefdesk::testing {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

int StreamCount() {
  const char* n = std::getenv("BRIEFDESK_SSE_SCALE_STREAMS");
  return n != nullptr && std::atoi(n) > 0 ? std::atoi(n) : 2000;
}

const int kStreams = StreamCount();
constexpr int kHeartbeatSeconds = 2;

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_HTTP_MAX_CONNECTIONS_PER_CLIENT", "0"},
                   {"BRIEFDESK_HTTP_MAX_CONNECTIONS", "1000000"},
                   {"BRIEFDESK_RATE_LIMIT_PER_MINUTE", "0"}};
  o.notification_env = {{"BRIEFDESK_STREAM_HEARTBEAT_SECONDS",
                         std::to_string(kHeartbeatSeconds)}};
  o.gateway_open_files = kStreams + 2048;
  Stack::Configure(o);
  // This process holds a socket per stream.
  RaiseOpenFileLimit();
  return true;
}();

// VmRSS (KiB) and Threads of a process, from /proc/<pid>/status.
struct Usage {
  long rss_kib = 0, threads = 0;
};

Usage UsageOf(pid_t pid) {
  Usage u;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) u.rss_kib = std::atol(line.c_str() + 6);
    if (line.rfind("Threads:", 0) == 0) u.threads = std::atol(line.c_str() + 8);
  }
  return u;
}

void Print(const std::string& when, Stack& stack) {
  for (const char* process : {"gateway", "notification"}) {
    Usage u = UsageOf(stack.pid(process));
    std::cout << "[ usage    ] " << when << ": " << process << " VmRSS "
              << u.rss_kib / 1024.0 << " MiB, " << u.threads << " threads\n";
  }
}

// Idle streams on one event loop (a thread of this test, not one per
// stream, nor a descriptor-hungry io_context each): every stream connects,
// asks for GET /v1/notifications:stream, and counts what comes back.
class IdleStreams {
 public:
  explicit IdleStreams(int port) : port_(port) {}
  ~IdleStreams() { Close(); }

  // Opens one stream per key of `keys`, at most `in_flight` at a time;
  // returns once every one is confirmed or failed.
  void Open(const std::vector<std::string>& keys, int in_flight) {
    streams_.reserve(keys.size());
    for (const auto& key : keys) {
      streams_.push_back(std::make_unique<Stream>(ioc_, key));
    }
    for (int i = 0; i < in_flight && next_ < streams_.size(); ++i) OpenNext();
    thread_ = std::thread([this] { ioc_.run(); });
    while (confirmed_ + failed_ < int(streams_.size())) {
      std::this_thread::sleep_for(milliseconds(20));
    }
  }
  int confirmed() const { return confirmed_; }
  int failed() const { return failed_; }
  int events() const { return events_; }
  int ended() const { return ended_; }
  // What the first stream that failed got (once Open returned).
  const std::string& failure() const { return failure_; }
  // How many streams have seen at least `n` heartbeats (the confirming one
  // included).
  int WithHeartbeats(int n) const {
    int count = 0;
    for (const auto& s : streams_) count += s->heartbeats >= n;
    return count;
  }
  void Close() {
    if (!thread_.joinable()) return;
    net::post(ioc_, [this] {
      for (auto& s : streams_) {
        boost::system::error_code ec;
        s->socket.close(ec);
      }
    });
    thread_.join();
  }

 private:
  struct Stream {
    Stream(net::io_context& ioc, std::string k)
        : socket(ioc), key(std::move(k)) {}
    tcp::socket socket;
    std::string key, request, text;
    std::array<char, 512> buffer{};
    bool answered = false;  // the header came, and said 200
    bool settled = false, confirmed = false;
    std::atomic<int> heartbeats{0};
  };

  void OpenNext() {
    Stream* s = streams_[next_++].get();
    s->request =
        "GET /v1/notifications:stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Accept: text/event-stream\r\nAuthorization: Bearer " +
        s->key + "\r\n\r\n";
    tcp::endpoint to(net::ip::make_address("127.0.0.1"),
                     static_cast<unsigned short>(port_));
    s->socket.async_connect(to, [this, s](boost::system::error_code ec) {
      if (ec) {
        if (failure_.empty()) failure_ = "connect: " + ec.message();
        return Settle(s, false);
      }
      net::async_write(s->socket, net::buffer(s->request),
                       [this, s](boost::system::error_code ec, size_t) {
                         if (ec) return Settle(s, false);
                         Read(s);
                       });
    });
  }

  void Read(Stream* s) {
    s->socket.async_read_some(
        net::buffer(s->buffer),
        [this, s](boost::system::error_code ec, size_t n) {
          if (ec) {
            if (s->confirmed) ++ended_;
            if (!s->settled && failure_.empty()) {
              failure_ = ec.message() + ": " + s->text.substr(0, 300);
            }
            return Settle(s, false);
          }
          s->text.append(s->buffer.data(), n);
          Scan(s);
          Read(s);
        });
  }

  // The header must say 200; the first frame after it is the confirming
  // heartbeat. An idle stream gets no events.
  void Scan(Stream* s) {
    static const std::string kBeat = ": heartbeat\n\n";
    if (!s->answered) {
      size_t end = s->text.find("\r\n\r\n");
      if (end == std::string::npos) return;
      if (s->text.rfind("HTTP/1.1 200", 0) != 0) {
        if (failure_.empty()) failure_ = s->text.substr(0, end);
        boost::system::error_code ec;
        s->socket.close(ec);
        return;
      }
      s->answered = true;
      s->text.erase(0, end + 4);
    }
    if (s->text.find("\nevent: ") != std::string::npos) ++events_;
    for (size_t at; (at = s->text.find(kBeat)) != std::string::npos;) {
      s->text.erase(0, at + kBeat.size());
      ++s->heartbeats;
      if (!s->confirmed) Settle(s, true);
    }
    if (s->text.size() > 64) s->text.erase(0, s->text.size() - 64);
  }

  // Counts a stream once, as confirmed or failed, and opens the next.
  void Settle(Stream* s, bool ok) {
    if (s->settled) return;
    s->settled = true;
    s->confirmed = ok;
    ++(ok ? confirmed_ : failed_);
    if (next_ < streams_.size()) OpenNext();
  }

  int port_;
  net::io_context ioc_;
  std::vector<std::unique_ptr<Stream>> streams_;
  size_t next_ = 0;
  std::atomic<int> confirmed_{0}, failed_{0}, events_{0}, ended_{0};
  std::string failure_;
  std::thread thread_;
};

// Waits until `done()` or `timeout`; whether it became true.
template <typename F>
bool WaitFor(F done, milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return true;
}

std::vector<SseEvent> About(const std::vector<SseEvent>& events,
                            const std::string& brief) {
  std::vector<SseEvent> out;
  for (const auto& e : events) {
    if (e.data.find(brief) != std::string::npos) out.push_back(e);
  }
  return out;
}

TEST(SseScaleTest, ThousandsOfIdleStreamsCostNoThreadEach) {
  Api api;
  Stack& stack = api.stack();
  // Idle people, many streams each (tabs, devices); an author, and the
  // editor told of what the author submits.
  std::vector<User> idle;
  for (int i = 0; i < 20; ++i) idle.push_back(api.NewUser({"PARTICIPANT"}));
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});  // told of every submission
  Print("0 streams", stack);

  std::vector<std::string> keys;
  for (int i = 0; i < kStreams; ++i) keys.push_back(idle[i % idle.size()].key);
  IdleStreams streams(stack.http_port());
  auto opening = Clock::now();
  streams.Open(keys, 64);
  auto opened = Clock::now() - opening;
  std::cout << "[ opened   ] " << kStreams << " streams in "
            << std::chrono::duration<double>(opened).count() << " s\n";
  Print(std::to_string(streams.confirmed()) + " streams", stack);
  ASSERT_EQ(streams.confirmed(), kStreams)
      << streams.failed() << " failed, the first with " << streams.failure();

  // Heartbeats come from one timer for every stream.
  EXPECT_TRUE(WaitFor([&] { return streams.WithHeartbeats(2) == kStreams; },
                      seconds(3 * kHeartbeatSeconds)))
      << streams.WithHeartbeats(2) << " of " << kStreams
      << " streams had a heartbeat after their confirmation";
  // No thread per stream: what the service runs on is a small fixed set.
  EXPECT_LT(UsageOf(stack.pid("notification")).threads, 64);
  EXPECT_LT(UsageOf(stack.pid("gateway")).threads, 64);

  // One person's notification reaches that person's stream promptly.
  std::string last_id;
  {
    SseClient mine(stack.http_port(), editor.key);
    ASSERT_EQ(mine.status(), 200);
    auto submitting = Clock::now();
    std::string brief = Str(api.SubmittedBrief(author), "id");
    auto got = About(mine.ReadEvents(1, seconds(10)), brief);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].event, "brief.submitted");
    // From creating and submitting the brief to the event on the stream.
    auto latency = Clock::now() - submitting;
    std::cout << "[ latency  ] brief created and submitted, event on the "
                 "stream: "
              << std::chrono::duration<double, std::milli>(latency).count()
              << " ms\n";
    EXPECT_LT(latency, seconds(3));
    last_id = got[0].id;
  }
  // Missed while away, replayed on reconnection with Last-Event-ID.
  std::string missed = Str(api.SubmittedBrief(author), "id");
  ASSERT_TRUE(WaitFor(
      [&] {
        return api.Call("GET", "/v1/notifications", editor.key)
                   .body.find(missed) != std::string::npos;
      },
      seconds(10)));
  SseClient again(stack.http_port(), editor.key, last_id);
  auto replay = again.ReadEvents(1, seconds(10));
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(About(replay, missed).size(), 1u);
  EXPECT_GT(std::stoll(replay[0].id), std::stoll(last_id));

  // The idle streams got nothing but heartbeats, and are all still open.
  EXPECT_EQ(streams.events(), 0);
  EXPECT_EQ(streams.ended(), 0);
  streams.Close();
}

}  // namespace
}  // namespace briefdesk::testing
