#include "services/gateway/http_session.h"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <iterator>

#include "services/gateway/http_errors.h"
#include "services/gateway/request_framing.h"

namespace briefdesk::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::string_view kEndOfHeader = "\r\n\r\n";

}  // namespace

void Session::Start(std::shared_ptr<ConnectionLimits::Ticket> ticket) {
  ticket_ = std::move(ticket);
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_ = remote.address().to_string();
  net::dispatch(
      stream_.get_executor(),
      beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
}

void Session::Shed() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    // A request that began meanwhile is answered; the connection closes
    // after it, as the cap needs.
    self->shed_ = true;
    if (!self->idle_) return;
    beast::error_code ec;
    self->stream_.socket().close(ec);
  });
}

void Session::EndStream() {
  net::post(stream_.get_executor(),
            [self = shared_from_this()] { self->EndEvents(); });
}

void Session::SetIdle(bool idle) {
  idle_ = idle;
  if (ticket_) ticket_->SetIdle(idle);
}

void Session::ReadHeader() {
  parser_.emplace();  // a fresh parser, so limits apply per message
  parser_->body_limit(limits_.body_bytes);
  parser_->header_limit(limits_.header_bytes);
  // Waiting for the next request on a kept-alive connection is "idle".
  SetIdle(true);
  stream_.expires_after(limits_.idle_timeout);
  ScanHeader();
}

// The header is read whole before it is parsed, so that its raw bytes can
// be checked (request_framing.h); a pipelined request may be in the buffer
// already.
void Session::ScanHeader() {
  auto data = buffer_.data();
  std::string_view have(static_cast<const char*>(data.data()), data.size());
  size_t end = have.find(kEndOfHeader);
  if (end != std::string_view::npos) {
    if (auto bad = CheckRawHeader(have.substr(0, end + kEndOfHeader.size()))) {
      return Reject(bad->status, bad->message);
    }
    beast::error_code ec;
    size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    return OnHeader(ec ? ec
                    : parser_->is_header_done()
                        ? beast::error_code()
                        : beast::error_code(http::error::partial_message));
  }
  if (have.size() > limits_.header_bytes) {
    return Reject(431, "request headers too large");
  }
  size_t room = std::min<size_t>(8192, buffer_.max_size() - buffer_.size());
  stream_.async_read_some(
      buffer_.prepare(room),
      [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->buffer_.commit(n);
        if (ec) return self->OnReadError(ec);
        if (self->idle_) {  // a request began: it has read_timeout to arrive
          self->SetIdle(false);
          self->stream_.expires_after(self->limits_.read_timeout);
        }
        self->ScanHeader();
      });
}

void Session::OnHeader(beast::error_code ec) {
  if (ec) return OnReadError(ec);
  if (auto bad = CheckHeader(parser_->get().base())) {
    return Reject(bad->status, bad->message);
  }
  header_fields_ = static_cast<size_t>(
      std::distance(parser_->get().begin(), parser_->get().end()));
  SetIdle(false);
  stream_.expires_after(limits_.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t n) {
                     self->OnRead(ec, n);
                   });
}

void Session::OnReadError(beast::error_code ec) {
  // Expected ends of a connection are not failures.
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::connection_reset || ec == net::error::eof ||
      ec == net::error::operation_aborted || ec == net::error::bad_descriptor) {
    return Close();
  }
  if (ec == http::error::body_limit) {
    return Reject(413, "request body larger than " +
                           std::to_string(limits_.body_bytes) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return Reject(431, "request headers too large");
  }
  if (ec == http::error::buffer_overflow) {
    return Reject(400, "a chunk extension or the trailer section is too large");
  }
  Reject(400, "malformed HTTP request: " + ec.message());
}

// Answers a request that could not be read, then closes.
void Session::Reject(int status, const std::string& message) {
  SetIdle(false);
  auto res = std::make_shared<Response>();
  res->result(status);
  res->version(11);
  absl::StatusCode code = status == 413 || status == 431
                              ? absl::StatusCode::kResourceExhausted
                          : status == 501 ? absl::StatusCode::kUnimplemented
                                          : absl::StatusCode::kInvalidArgument;
  ErrorResponse e =
      HttpError(WithHttpStatus(absl::Status(code, message), status));
  res->set(http::field::content_type, e.content_type);
  res->body() = std::move(e.body);
  res->keep_alive(false);
  res->prepare_payload();
  stream_.expires_after(std::chrono::seconds(5));
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res](
                        beast::error_code, size_t) { self->LingeringClose(); });
}

// After refusing a request whose body is still arriving: stop sending, then
// read and drop what comes for a little while, so that closing does not
// reset the connection and destroy the answer before the client reads it.
void Session::LingeringClose() {
  Close();
  stream_.expires_after(std::chrono::seconds(2));
  Drain(std::make_shared<std::array<char, 16384>>());
}

void Session::Drain(std::shared_ptr<std::array<char, 16384>> scratch) {
  stream_.async_read_some(
      net::buffer(*scratch),
      [self = shared_from_this(), scratch](beast::error_code ec, size_t) {
        if (!ec) self->Drain(scratch);  // until EOF or the 2 s expire
      });
}

void Session::OnRead(beast::error_code ec, size_t) {
  if (ec) return OnReadError(ec);
  // Beast adds a chunked body's trailer fields to the header's: fields a
  // proxy in front never saw as headers (an Authorization, a second Host).
  if (static_cast<size_t>(std::distance(
          parser_->get().begin(), parser_->get().end())) != header_fields_) {
    return Reject(400, "trailer fields are not accepted");
  }
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
      },
      peer_);
}

// Server-Sent Events: the header, then one chunk per frame as the stream
// gives them, each asked for once the previous one is written. The
// connection closes when the stream ends.
void Session::StartEvents(Response res, std::shared_ptr<EventStream> events) {
  if (shed_) {  // asked to make room meanwhile: no hour-long stream
    events->Cancel();
    return Close();
  }
  events_ = std::move(events);
  {
    std::lock_guard lock(streams_->mu);
    streams_->open.insert(weak_from_this());
  }
  auto header =
      std::make_shared<http::response<http::empty_body>>(res.result(), 11);
  for (const auto& field : res) header->set(field.name_string(), field.value());
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

void Session::WriteFrame(std::string frame) {
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

void Session::EndEvents() {
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

void Session::Write(Response res, bool keep_alive) {
  res.keep_alive(keep_alive && !gateway_->draining() && !shed_);
  auto shared = std::make_shared<Response>(std::move(res));
  stream_.expires_after(limits_.read_timeout);
  http::async_write(
      stream_, *shared,
      [self = shared_from_this(), shared](beast::error_code ec, size_t) {
        if (ec || !shared->keep_alive()) return self->Close();
        self->ReadHeader();
      });
}

void Session::Close() {
  SetIdle(false);
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace briefdesk::gateway
