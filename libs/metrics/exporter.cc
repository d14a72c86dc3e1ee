#include "libs/metrics/exporter.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

namespace briefdesk::metrics {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Registry* registry)
      : stream_(std::move(socket)), registry_(registry) {}

  void Run() {
    stream_.expires_after(std::chrono::seconds(10));
    parser_.header_limit(8192);
    parser_.body_limit(0);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->Answer();
                     });
  }

 private:
  void Answer() {
    const auto& req = parser_.get();
    res_.version(req.version());
    res_.keep_alive(false);
    if (req.target() == "/metrics" &&
        (req.method() == http::verb::get || req.method() == http::verb::head)) {
      res_.result(http::status::ok);
      res_.set(http::field::content_type,
               "text/plain; version=0.0.4; charset=utf-8");
      res_.body() = registry_->Scrape();
    } else {
      res_.result(http::status::not_found);
      res_.set(http::field::content_type, "text/plain");
      res_.body() = "only GET /metrics is served here\n";
    }
    res_.prepare_payload();
    http::async_write(
        stream_, res_, [self = shared_from_this()](beast::error_code, size_t) {
          beast::error_code ignored;
          self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request_parser<http::empty_body> parser_;
  http::response<http::string_body> res_;
  Registry* registry_;
};

}  // namespace

struct Exporter::Impl {
  explicit Impl(Registry* r) : registry(r), acceptor(ioc) {}
  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec,
                                                        tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        std::make_shared<Session>(std::move(socket), registry)->Run();
      }
      Accept();
    });
  }

  Registry* registry;
  net::io_context ioc{1};
  tcp::acceptor acceptor;
  std::thread thread;
};

Exporter::Exporter(Registry* registry)
    : impl_(std::make_unique<Impl>(registry)) {}

Exporter::~Exporter() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

absl::StatusOr<int> Exporter::Start(const std::string& host, int port) {
  beast::error_code ec;
  auto ip = net::ip::make_address(host, ec);
  if (ec) {
    return absl::InvalidArgumentError("metrics: " + host +
                                      " is not an IP address");
  }
  tcp::endpoint endpoint(ip, static_cast<unsigned short>(port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError("metrics: cannot listen on " + host + ":" +
                                  std::to_string(port) + ": " + ec.message());
  }
  int bound = a.local_endpoint().port();
  impl_->Accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  return bound;
}

}  // namespace briefdesk::metrics
