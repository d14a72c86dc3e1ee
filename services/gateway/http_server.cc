#include "services/gateway/http_server.h"

#include <sys/resource.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "libs/logging/logging.h"
#include "services/gateway/http_session.h"

namespace briefdesk::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Errors of accept that say the process (or system) is out of something: a
// new attempt at once would fail the same way, so accepting pauses.
bool OutOfResources(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec.value() == ENFILE ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

}  // namespace

size_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t(1) << 20 : limit.rlim_cur;
}

struct HttpServer::Counters {
  std::atomic<uint64_t> refused{0}, shed{0}, accept_errors{0};
};

class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Gateway* gateway, HttpLimits limits,
           std::shared_ptr<Streams> streams,
           std::shared_ptr<ConnectionLimits> connections,
           std::shared_ptr<Counters> counters)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        pause_(acceptor_.get_executor()),
        gateway_(gateway),
        limits_(limits),
        streams_(std::move(streams)),
        connections_(std::move(connections)),
        counters_(std::move(counters)) {}

  absl::StatusOr<unsigned short> Listen(const tcp::endpoint& endpoint) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return absl::UnavailableError("cannot listen: " + ec.message());
    return acceptor_.local_endpoint().port();
  }

  void Accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->pause_.cancel();
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (ec) {
      ++counters_->accept_errors;
      if (OutOfResources(ec)) return Pause(ec);
      return Accept();  // the client gave up before accept: try the next
    }
    Admit(std::move(socket));
    Accept();
  }

  // Out of descriptors: wait a little instead of spinning on accept, which
  // would fail again at once.
  void Pause(const beast::error_code& ec) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_warning_ > std::chrono::seconds(10)) {
      last_warning_ = now;
      logging::Warn("accept_paused",
                    {{"error", ec.message()},
                     {"open", std::to_string(connections_->open())}});
    }
    pause_.expires_after(std::chrono::milliseconds(50));
    pause_.async_wait([self = shared_from_this()](beast::error_code wait) {
      if (!wait) self->Accept();
    });
  }

  void Admit(tcp::socket socket) {
    beast::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    auto session = std::make_shared<Session>(std::move(socket), gateway_,
                                             limits_, streams_);
    std::weak_ptr<Session> weak = session;
    auto counters = counters_;
    auto ticket =
        connections_->Admit(peer.address().to_string(), [weak, counters] {
          ++counters->shed;
          if (auto s = weak.lock()) s->Shed();
        });
    if (!ticket) {
      ++counters_->refused;
      return;  // the session, and its socket, close here
    }
    session->Start(std::move(ticket));
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer pause_;
  std::chrono::steady_clock::time_point last_warning_{};
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<Streams> streams_;
  std::shared_ptr<ConnectionLimits> connections_;
  std::shared_ptr<Counters> counters_;
};

HttpServer::HttpServer(net::io_context& ioc, Gateway* gateway,
                       HttpLimits limits)
    : ioc_(ioc),
      gateway_(gateway),
      limits_(limits),
      streams_(std::make_shared<Streams>()),
      connections_(std::make_shared<ConnectionLimits>(
          limits.max_connections, limits.max_connections_per_client)),
      counters_(std::make_shared<Counters>()) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<unsigned short> HttpServer::Listen(const std::string& address,
                                                  unsigned short port) {
  beast::error_code ec;
  auto ip = net::ip::make_address(address, ec);
  if (ec) return absl::InvalidArgumentError("bad address " + address);
  listener_ = std::make_shared<Listener>(ioc_, gateway_, limits_, streams_,
                                         connections_, counters_);
  return listener_->Listen(tcp::endpoint(ip, port));
}

void HttpServer::Start() { listener_->Accept(); }

void HttpServer::StopAccepting() {
  if (listener_) listener_->Stop();
}

void HttpServer::EndStreams() {
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(streams_->mu);
    for (const auto& weak : streams_->open) {
      if (auto s = weak.lock()) sessions.push_back(std::move(s));
    }
  }
  for (const auto& s : sessions) s->EndStream();
}

size_t HttpServer::open_streams() const {
  std::lock_guard lock(streams_->mu);
  size_t n = 0;
  for (const auto& weak : streams_->open) n += weak.expired() ? 0 : 1;
  return n;
}

HttpServer::Stats HttpServer::stats() const {
  return Stats{connections_->open(), counters_->refused.load(),
               counters_->shed.load(), counters_->accept_errors.load()};
}

}  // namespace briefdesk::gateway
