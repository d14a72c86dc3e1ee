#include "services/gateway/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <mutex>
#include <optional>
#include <set>

#include "libs/logging/logging.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

}  // namespace

// The sessions serving Server-Sent Events, so that a draining server can end
// them with a proper last chunk instead of dropping the connections.
struct HttpServer::Streams {
  std::mutex mu;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> open;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Gateway* gateway, const HttpLimits& limits,
          std::shared_ptr<HttpServer::Streams> streams)
      : stream_(std::move(socket)), gateway_(gateway), limits_(limits),
        streams_(std::move(streams)) {}

  // Ends the event stream this session serves, if any (from any thread).
  void EndStream() {
    net::post(stream_.get_executor(),
              [self = shared_from_this()] { self->EndEvents(); });
  }

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
                        self->LingeringClose();
                      });
  }

  // After refusing a request whose body is still arriving: stop sending,
  // then read and drop what comes for a little while, so that closing does
  // not reset the connection and destroy the answer before the client
  // reads it.
  void LingeringClose() {
    Close();
    stream_.expires_after(std::chrono::seconds(2));
    auto scratch = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(
        net::buffer(*scratch),
        [self = shared_from_this(), scratch](beast::error_code ec, size_t) {
          if (!ec) self->Drain(scratch);
        });
  }

  void Drain(std::shared_ptr<std::array<char, 16384>> scratch) {
    stream_.async_read_some(
        net::buffer(*scratch),
        [self = shared_from_this(), scratch](beast::error_code ec, size_t) {
          if (!ec) self->Drain(scratch);  // until EOF or the 2 s expire
        });
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    Request req = parser_->release();
    bool keep_alive = req.keep_alive();
    stream_.expires_never();  // the gateway's RPC deadline bounds the wait
    auto self = shared_from_this();
    gateway_->Handle(
        std::move(req),
        [self, keep_alive](Response res, std::shared_ptr<EventStream> events) {
          // Back onto this connection's strand before touching the stream.
          net::post(self->stream_.get_executor(),
                    [self, keep_alive, res = std::move(res),
                     events = std::move(events)]() mutable {
                      if (events) {
                        self->StartEvents(std::move(res), std::move(events));
                      } else {
                        self->Write(std::move(res), keep_alive);
                      }
                    });
        });
  }

  // Server-Sent Events: the header, then one chunk per frame as the stream
  // gives them, each asked for once the previous one is written. The
  // connection closes when the stream ends.
  void StartEvents(Response res, std::shared_ptr<EventStream> events) {
    events_ = std::move(events);
    {
      std::lock_guard lock(streams_->mu);
      streams_->open.insert(weak_from_this());
    }
    auto header = std::make_shared<http::response<http::empty_body>>(
        res.result(), 11);
    for (const auto& field : res) {
      header->set(field.name_string(), field.value());
    }
    header->chunked(true);
    header->keep_alive(false);
    auto serializer =
        std::make_shared<http::response_serializer<http::empty_body>>(*header);
    stream_.expires_after(limits_.read_timeout);
    http::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), header, serializer](beast::error_code ec,
                                                        size_t) {
          if (ec) return self->EndEvents();
          self->stream_.expires_never();
          auto executor = self->stream_.get_executor();
          self->events_->Start(
              [self, executor](std::string frame) {
                net::post(executor, [self, frame = std::move(frame)]() mutable {
                  self->WriteFrame(std::move(frame));
                });
              },
              [self, executor] {
                net::post(executor, [self] { self->EndEvents(); });
              });
        });
  }

  void WriteFrame(std::string frame) {
    auto data = std::make_shared<std::string>(std::move(frame));
    // A client that stopped reading is dropped after the write timeout.
    stream_.expires_after(limits_.read_timeout);
    net::async_write(
        stream_, http::make_chunk(net::buffer(*data)),
        [self = shared_from_this(), data](beast::error_code ec, size_t) {
          if (!self->events_) return;
          if (ec) return self->events_->Cancel();  // the client went away
          self->stream_.expires_never();
          self->events_->Next();
        });
  }

  void EndEvents() {
    if (!events_) return;
    events_->Cancel();
    events_.reset();
    {
      std::lock_guard lock(streams_->mu);
      streams_->open.erase(weak_from_this());
    }
    stream_.expires_after(std::chrono::seconds(5));
    net::async_write(stream_, http::make_chunk_last(),
                     [self = shared_from_this()](beast::error_code, size_t) {
                       self->Close();
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
  std::shared_ptr<EventStream> events_;  // while serving Server-Sent Events
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<HttpServer::Streams> streams_;
};

}  // namespace

class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Gateway* gateway, HttpLimits limits,
           std::shared_ptr<Streams> streams)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), gateway_(gateway),
        limits_(limits), streams_(std::move(streams)) {}

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
      std::make_shared<Session>(std::move(socket), gateway_, limits_, streams_)
          ->Start();
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<Streams> streams_;
};

HttpServer::HttpServer(net::io_context& ioc, Gateway* gateway,
                       HttpLimits limits)
    : ioc_(ioc), gateway_(gateway), limits_(limits),
      streams_(std::make_shared<Streams>()) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<unsigned short> HttpServer::Listen(const std::string& address,
                                                  unsigned short port) {
  beast::error_code ec;
  auto ip = net::ip::make_address(address, ec);
  if (ec) return absl::InvalidArgumentError("bad address " + address);
  listener_ = std::make_shared<Listener>(ioc_, gateway_, limits_, streams_);
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

}  // namespace briefdesk::gateway
