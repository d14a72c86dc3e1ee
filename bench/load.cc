#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <cmath>
#include <thread>

namespace briefdesk::bench {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr auto kRequestTimeout = std::chrono::seconds(30);

// What one connection saw; merged once every connection has stopped.
struct Slot {
  std::unique_ptr<Client> client;
  std::vector<KindResult> kinds;
  uint64_t answered = 0, errors = 0;
  std::string first_error;
  bool early = false;

  void Error(const std::string& what) {
    if (errors++ == 0) first_error = what;
  }
};

struct Window {
  Clock::time_point start, end;
};

// One request and its answer on an open stream; false when the connection
// cannot go on.
net::awaitable<bool> Exchange(beast::tcp_stream& stream,
                              beast::flat_buffer& buffer, Slot& slot,
                              Request& req, int kind, const Window& w) {
  beast::error_code ec;
  auto sent = Clock::now();
  stream.expires_after(kRequestTimeout);
  co_await http::async_write(stream, req,
                             net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    slot.Error("write: " + ec.message());
    co_return false;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(req.method() == http::verb::head);
  co_await http::async_read(stream, buffer, parser,
                            net::redirect_error(net::use_awaitable, ec));
  auto answered = Clock::now();
  if (ec) {
    slot.Error("read: " + ec.message());
    co_return false;
  }
  Response res = parser.release();
  ++slot.answered;
  if (std::string problem = slot.client->OnAnswer(res); !problem.empty()) {
    slot.Error(std::string(req.method_string()) + " " +
               std::string(req.target()) + ": " + problem);
  } else if (answered >= w.start && answered <= w.end) {
    KindResult& k = slot.kinds[kind];
    ++k.count;
    k.latencies.Add(static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(answered - sent)
            .count()));
  }
  if (!res.keep_alive()) {
    slot.Error("the server closed the connection after HTTP " +
               std::to_string(res.result_int()));
    co_return false;
  }
  co_return true;
}

net::awaitable<void> Drive(tcp::endpoint endpoint, Slot& slot, Window w,
                           std::atomic<int>& live) {
  beast::tcp_stream stream(co_await net::this_coro::executor);
  beast::error_code ec;
  stream.expires_after(kConnectTimeout);
  co_await stream.async_connect(endpoint,
                                net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    slot.Error("connect: " + ec.message());
  } else {
    stream.socket().set_option(tcp::no_delay(true), ec);
    beast::flat_buffer buffer;
    while (Clock::now() < w.end) {
      Request req;
      req.version(11);
      int kind = slot.client->Next(&req);
      if (kind < 0 || kind >= static_cast<int>(slot.kinds.size())) {
        slot.early = true;
        break;
      }
      req.set(http::field::host, "127.0.0.1");
      req.keep_alive(true);
      req.prepare_payload();
      if (!co_await Exchange(stream, buffer, slot, req, kind, w)) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }
  --live;
}

// Sleeps until `until` or until no connection is left.
void WaitUntil(Clock::time_point until, const std::atomic<int>& live) {
  while (Clock::now() < until && live.load() > 0) {
    auto step = std::min<Clock::duration>(until - Clock::now(),
                                          std::chrono::milliseconds(5));
    std::this_thread::sleep_for(step);
  }
}

LoadResult Merge(std::vector<Slot>& slots, const LoadOptions& o,
                 double seconds) {
  LoadResult out;
  out.seconds = seconds;
  for (const std::string& name : o.kinds) {
    out.kinds.emplace_back();
    out.kinds.back().name = name;
  }
  for (Slot& s : slots) {
    for (size_t k = 0; k < out.kinds.size(); ++k) {
      out.kinds[k].count += s.kinds[k].count;
      out.kinds[k].latencies.Merge(s.kinds[k].latencies);
    }
    out.answered += s.answered;
    if (s.errors > 0 && out.errors == 0) out.first_error = s.first_error;
    out.errors += s.errors;
    out.finished_early += s.early ? 1 : 0;
  }
  return out;
}

}  // namespace

void Latencies::Merge(const Latencies& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = samples_.empty();
}

double Latencies::PercentileMs(double p) {
  if (samples_.empty()) return -1;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  // Nearest rank: the smallest sample with at least p % at or below it.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * samples_.size()));
  size_t i = std::clamp<size_t>(rank, 1, samples_.size()) - 1;
  return samples_[i] / 1000.0;
}

std::string Client::OnAnswer(const Response& res) { return Expect2xx(res); }

int GetClient::Next(Request* req) {
  req->method(http::verb::get);
  req->target(path_);
  return 0;
}

std::string GetClient::OnAnswer(const Response& res) {
  return ExpectStatus(res, 200);
}

std::string ExpectStatus(const Response& res, int status) {
  if (static_cast<int>(res.result_int()) == status) return "";
  return "HTTP " + std::to_string(res.result_int()) + ": " +
         res.body().substr(0, 300);
}

std::string Expect2xx(const Response& res) {
  if (res.result_int() / 100 == 2) return "";
  return ExpectStatus(res, -1);
}

LoadResult RunLoad(const LoadOptions& o,
                   const std::function<std::unique_ptr<Client>(int)>& make) {
  std::vector<Slot> slots(o.connections);
  for (int i = 0; i < o.connections; ++i) {
    slots[i].client = make(i);
    slots[i].kinds.resize(o.kinds.size());
  }
  int threads = std::max(1, o.threads);
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (int t = 0; t < threads; ++t) {
    contexts.push_back(std::make_unique<net::io_context>(1));
  }
  auto begin = Clock::now();
  Window w;
  w.start = begin + std::chrono::duration_cast<Clock::duration>(o.warmup);
  w.end = w.start + std::chrono::duration_cast<Clock::duration>(o.measure);
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"),
                         static_cast<unsigned short>(o.port));
  std::atomic<int> live{o.connections};
  for (int i = 0; i < o.connections; ++i) {
    net::co_spawn(*contexts[i % threads], Drive(endpoint, slots[i], w, live),
                  net::detached);
  }
  std::vector<std::thread> runners;
  for (auto& c : contexts) runners.emplace_back([&c] { c->run(); });
  WaitUntil(w.start, live);
  o.on_start();
  WaitUntil(w.end, live);
  auto closed = std::min(Clock::now(), w.end);
  o.on_end();
  for (auto& r : runners) r.join();
  double seconds =
      std::max(0.0, std::chrono::duration<double>(closed - w.start).count());
  return Merge(slots, o, seconds);
}

}  // namespace briefdesk::bench
