// Idle Server-Sent Events streams: many clients hold
// GET /v1/notifications:stream open and nothing happens. What it costs is
// memory and threads in the gateway and the notification service (read
// from /proc/<pid>/status before the streams open and once they are all
// open), and the CPU they spend while nothing happens.
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <mutex>
#include <thread>

#include "bench/lines.h"

namespace briefdesk::bench {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr int kOpeners = 128;  // streams being opened at once

struct Streams {
  int total = 0, port = 0;
  std::vector<std::string> keys;  // stream i is keys[i % size]'s
  std::vector<std::shared_ptr<tcp::socket>> sockets;
  std::atomic<int> next{0}, opened{0}, failed{0}, dropped{0}, openers{0};
  std::atomic<bool> closing{false};
  std::mutex mu;
  std::string first_error;
  Latencies opens;

  void Fail(const std::string& what) {
    std::lock_guard lock(mu);
    if (failed++ == 0) first_error = what;
  }
};

// Reads what the stream sends (heartbeats) until it is closed.
net::awaitable<void> Hold(std::shared_ptr<tcp::socket> s, Streams& st) {
  std::array<char, 2048> buf;
  boost::system::error_code ec;
  for (;;) {
    co_await s->async_read_some(net::buffer(buf),
                                net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
  }
  if (!st.closing) ++st.dropped;
}

// Opens stream `i`: the answer's header comes once the notification
// service has established the stream.
net::awaitable<bool> Open(Streams& st, int i, Latencies& lat) {
  const std::shared_ptr<tcp::socket>& s = st.sockets[i];
  boost::system::error_code ec;
  auto start = Clock::now();
  co_await s->async_connect({net::ip::make_address("127.0.0.1"),
                             static_cast<unsigned short>(st.port)},
                            net::redirect_error(net::use_awaitable, ec));
  std::string req =
      "GET /v1/notifications:stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Accept: text/event-stream\r\nAuthorization: Bearer " +
      st.keys[i % st.keys.size()] + "\r\n\r\n";
  if (!ec) {
    co_await net::async_write(*s, net::buffer(req),
                              net::redirect_error(net::use_awaitable, ec));
  }
  std::string header;
  if (!ec) {
    co_await net::async_read_until(*s, net::dynamic_buffer(header), "\r\n\r\n",
                                   net::redirect_error(net::use_awaitable, ec));
  }
  if (ec || header.rfind("HTTP/1.1 200", 0) != 0) {
    st.Fail(ec ? "stream: " + ec.message()
               : "stream: " + header.substr(0, header.find('\r')));
    co_return false;
  }
  lat.Add(static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() -
                                                            start)
          .count()));
  co_return true;
}

net::awaitable<void> Opener(Streams& st) {
  Latencies lat;
  // Past a few refusals the server is full: opening more only adds errors.
  const int enough = std::max(10, st.total / 100);
  for (int i;
       !st.closing && st.failed < enough && (i = st.next++) < st.total;) {
    if (co_await Open(st, i, lat)) {
      ++st.opened;
      net::co_spawn(co_await net::this_coro::executor, Hold(st.sockets[i], st),
                    net::detached);
    }
  }
  std::lock_guard lock(st.mu);
  st.opens.Merge(lat);
  --st.openers;
}

std::string Megabytes(int64_t kb) {
  char out[32];
  snprintf(out, sizeof out, "%.1f MB", kb / 1024.0);
  return out;
}

struct Footprint {
  MemoryStatus gateway, notification;
};

Footprint Measure(Bench& b) {
  return {Memory(b.stack().pid("gateway")),
          Memory(b.stack().pid("notification"))};
}

void Describe(LineResult* line, const Footprint& before,
              const Footprint& after) {
  auto one = [&](const char* name, const MemoryStatus& x,
                 const MemoryStatus& y) {
    line->notes.push_back(std::string(name) + ": RSS " + Megabytes(x.rss_kb) +
                          " -> " + Megabytes(y.rss_kb) + " (+" +
                          Megabytes(y.rss_kb - x.rss_kb) + "), threads " +
                          std::to_string(x.threads) + " -> " +
                          std::to_string(y.threads));
  };
  one("gateway", before.gateway, after.gateway);
  one("notification", before.notification, after.notification);
  int64_t added = after.gateway.rss_kb - before.gateway.rss_kb +
                  after.notification.rss_kb - before.notification.rss_kb;
  line->figures["added_mb"] = added / 1024.0;
  line->figures["gateway_threads"] = after.gateway.threads;
  line->figures["notification_threads"] = after.notification.threads;
}

// Waits until every stream is open or has failed, for two minutes at most.
void WaitOpened(const Streams& st) {
  auto until = Clock::now() + std::chrono::minutes(2);
  while (st.opened + st.failed < st.total && st.openers > 0 &&
         Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// What was sampled around the opening and the idle hold.
struct Phases {
  double open_seconds = 0;
  std::map<std::string, int64_t> cpu_before, cpu_opened, idle_before,
      idle_after;
  Footprint before, after;
};

// Opens every stream, holds them idle for the run's seconds, closes them.
Phases OpenHoldClose(Bench& b, Streams& st) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (int t = 0; t < 2; ++t) {
    contexts.push_back(std::make_unique<net::io_context>(1));
  }
  for (int i = 0; i < st.total; ++i) {
    st.sockets.push_back(std::make_shared<tcp::socket>(*contexts[i % 2]));
  }
  Phases p;
  p.before = Measure(b);
  p.cpu_before = b.stack_cpu().Sample();
  auto start = Clock::now();
  st.openers = std::min(kOpeners, st.total);
  for (int k = 0; k < std::min(kOpeners, st.total); ++k) {
    net::co_spawn(*contexts[k % 2], Opener(st), net::detached);
  }
  std::vector<std::thread> threads;
  for (auto& c : contexts) threads.emplace_back([&c] { c->run(); });
  WaitOpened(st);
  p.open_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  p.cpu_opened = b.stack_cpu().Sample();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // settle
  p.after = Measure(b);
  p.idle_before = b.stack_cpu().Sample();
  std::this_thread::sleep_for(
      std::chrono::duration<double>(b.options().seconds));
  p.idle_after = b.stack_cpu().Sample();
  st.closing = true;
  for (auto& s : st.sockets) {
    net::post(s->get_executor(), [s] {
      boost::system::error_code ec;
      s->close(ec);
    });
  }
  for (auto& t : threads) t.join();
  return p;
}

LineResult Summarize(const Options& o, Streams& st, const Phases& p) {
  LineResult line;
  line.name = "SSE idle";
  line.unit = "opens/s";
  line.what = std::to_string(o.streams) +
              " idle GET /v1/notifications:stream, " +
              std::to_string(st.keys.size()) +
              " users; p50/p99: time to the answer's header";
  line.count = st.opened;
  line.throughput = st.opened / std::max(p.open_seconds, 1e-6);
  line.p50_ms = st.opens.PercentileMs(50);
  line.p90_ms = st.opens.PercentileMs(90);
  line.p99_ms = st.opens.PercentileMs(99);
  line.errors = st.failed + st.dropped;
  if (st.failed > 0) {
    line.first_error = st.first_error;
  } else if (st.dropped > 0) {
    line.first_error = std::to_string(st.dropped.load()) +
                       " streams closed by the server while idle";
  }
  if (st.opened < st.total) {
    line.notes.push_back("only " + std::to_string(st.opened.load()) + " of " +
                         std::to_string(st.total) +
                         " streams opened: opening stopped after " +
                         std::to_string(st.failed.load()) +
                         " refusals; memory and threads are for those open");
  }
  SetCpu(&line, CpuMeter::Since(p.cpu_before, p.cpu_opened), line.count);
  Describe(&line, p.before, p.after);
  int64_t idle = 0;
  for (const auto& [name, us] : CpuMeter::Since(p.idle_before, p.idle_after)) {
    idle += us;
  }
  double idle_share = idle / (o.seconds * 1e6);
  line.figures["idle_cpu_cores"] = idle_share;
  char note[160];
  snprintf(note, sizeof note,
           "while idle for %.0f s the stack used %.0f %% of one core "
           "(CPU µs/req above: per stream opened)",
           o.seconds, idle_share * 100);
  line.notes.push_back(note);
  return line;
}

}  // namespace

std::vector<LineResult> SseLines(Bench& b) {
  const Options& o = b.options();
  b.WaitQuiet();
  Streams st;
  st.total = o.streams;
  st.port = b.port();
  for (int i = 0; i < std::min(o.streams, 100); ++i) {
    st.keys.push_back(b.NewUser(R"(["PARTICIPANT"])").key);
  }
  Phases p = OpenHoldClose(b, st);
  return {Summarize(o, st, p)};
}

}  // namespace briefdesk::bench
