#include "services/gateway/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "libs/logging/logging.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Gateway* gateway, const HttpLimits& limits)
      : stream_(std::move(socket)), gateway_(gateway), limits_(limits) {}

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::ReadHeader,
                                            shared_from_this()));
  }

 private:
  void ReadHeader() {
    parser_.emplace();  // a fresh parser, so limits apply per message
    parser_->body_limit(limits_.body_bytes);
    parser_->header_limit(limits_.header_bytes);
    // Waiting for the next request on a kept-alive connection is "idle".
    stream_.expires_after(limits_.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    stream_.expires_after(limits_.read_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    // Expected ends of a connection are not failures.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Reject(413, "request body larger than " +
                             std::to_string(limits_.body_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return Reject(431, "request headers too large");
    }
    Reject(400, "malformed HTTP request: " + ec.message());
  }

  // Answers a request that could not be read, then closes.
  void Reject(int status, const std::string& message) {
    auto res = std::make_shared<Response>();
    res->result(status);
    res->version(11);
    res->set(http::field::content_type, "application/json; charset=utf-8");
    res->body() = ErrorJson(status == 400 ? absl::StatusCode::kInvalidArgument
                                          : absl::StatusCode::kResourceExhausted,
                            message, {});
    res->keep_alive(false);
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(5));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code,
                                                       size_t) {
                        self->Close();
                      });
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    Request req = parser_->release();
    bool keep_alive = req.keep_alive();
    stream_.expires_never();  // the gateway's RPC deadline bounds the wait
    auto self = shared_from_this();
    gateway_->Handle(std::move(req), [self, keep_alive](Response res) {
      // Back onto this connection's strand before touching the stream.
      net::post(self->stream_.get_executor(),
                [self, keep_alive, res = std::move(res)]() mutable {
                  self->Write(std::move(res), keep_alive);
                });
    });
  }

  void Write(Response res, bool keep_alive) {
    res.keep_alive(keep_alive && !gateway_->draining());
    auto shared = std::make_shared<Response>(std::move(res));
    stream_.expires_after(limits_.read_timeout);
    http::async_write(stream_, *shared,
                      [self = shared_from_this(), shared](beast::error_code ec,
                                                          size_t) {
                        if (ec || !shared->keep_alive()) return self->Close();
                        self->ReadHeader();
                      });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Gateway* gateway_;
  HttpLimits limits_;
};

}  // namespace

class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Gateway* gateway, HttpLimits limits)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), gateway_(gateway),
        limits_(limits) {}

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
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (!ec) {
      std::make_shared<Session>(std::move(socket), gateway_, limits_)->Start();
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Gateway* gateway_;
  HttpLimits limits_;
};

HttpServer::HttpServer(net::io_context& ioc, Gateway* gateway,
                       HttpLimits limits)
    : ioc_(ioc), gateway_(gateway), limits_(limits) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<unsigned short> HttpServer::Listen(const std::string& address,
                                                  unsigned short port) {
  beast::error_code ec;
  auto ip = net::ip::make_address(address, ec);
  if (ec) return absl::InvalidArgumentError("bad address " + address);
  listener_ = std::make_shared<Listener>(ioc_, gateway_, limits_);
  return listener_->Listen(tcp::endpoint(ip, port));
}

void HttpServer::Start() { listener_->Accept(); }

void HttpServer::StopAccepting() {
  if (listener_) listener_->Stop();
}

}  // namespace briefdesk::gateway
