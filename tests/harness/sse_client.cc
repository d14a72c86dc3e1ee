#include "tests/harness/sse_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>

namespace briefdesk::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

struct SseClient::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  std::string text;  // received and not yet parsed into frames
  std::vector<SseEvent> events;
  int heartbeats = 0;
  bool open = false;
  // The parser keeps a reference to its body callback: it lives here.
  std::function<std::size_t(std::uint64_t, beast::string_view,
                            beast::error_code&)>
      on_body;

  // As EventSource does (the HTML standard's event stream interpretation):
  // a frame of comments only is a heartbeat; "retry:" sets the reconnection
  // time; a frame dispatches an event only when it has data.
  void Parse() {
    for (size_t end; (end = text.find("\n\n")) != std::string::npos;) {
      std::string frame = text.substr(0, end);
      text.erase(0, end + 2);
      SseEvent e;
      bool fields = false;
      size_t pos = 0;
      while (pos < frame.size()) {
        size_t nl = frame.find('\n', pos);
        std::string line =
            frame.substr(pos, nl == std::string::npos ? nl : nl - pos);
        pos = nl == std::string::npos ? frame.size() : nl + 1;
        if (line.rfind(":", 0) == 0) continue;  // a comment
        fields = true;
        if (line.rfind("id: ", 0) == 0) e.id = line.substr(4);
        if (line.rfind("event: ", 0) == 0) e.event = line.substr(7);
        if (line.rfind("data: ", 0) == 0) e.data = line.substr(6);
        if (line.rfind("retry: ", 0) == 0) retry_ms = std::stoi(line.substr(7));
      }
      if (!fields) ++heartbeats;
      if (!e.data.empty()) events.push_back(std::move(e));
    }
  }
  int retry_ms = 0;
};

SseClient::SseClient(int port, const std::string& key,
                     const std::string& last_event_id, int receive_buffer)
    : impl_(std::make_unique<Impl>()) {
  impl_->parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  impl_->on_body = [this](std::uint64_t, beast::string_view body,
                          beast::error_code&) {
    impl_->text.append(body.data(), body.size());
    impl_->Parse();
    return body.size();
  };
  impl_->parser.on_chunk_body(impl_->on_body);
  // Asynchronous steps run for bounded time: Beast's timeouts do not bind
  // synchronous operations.
  impl_->stream.expires_after(std::chrono::seconds(10));
  if (receive_buffer > 0) {
    beast::error_code ec;
    impl_->stream.socket().open(net::ip::tcp::v4(), ec);
    impl_->stream.socket().set_option(
        net::socket_base::receive_buffer_size(receive_buffer), ec);
  }
  auto req = std::make_shared<http::request<http::empty_body>>(
      http::verb::get, "/v1/notifications:stream", 11);
  req->set(http::field::host, "127.0.0.1");
  req->set(http::field::accept, "text/event-stream");
  if (!key.empty()) req->set(http::field::authorization, "Bearer " + key);
  if (!last_event_id.empty()) req->set("Last-Event-ID", last_event_id);
  bool ok = false;
  impl_->stream.async_connect(
      {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)},
      [&, req](beast::error_code ec) {
        if (ec) return;
        http::async_write(
            impl_->stream, *req, [&, req](beast::error_code ec, size_t) {
              if (ec) return;
              http::async_read_header(
                  impl_->stream, impl_->buffer, impl_->parser,
                  [&](beast::error_code ec, size_t) { ok = !ec; });
            });
      });
  impl_->ioc.run();
  impl_->ioc.restart();
  impl_->stream.expires_never();
  impl_->open = ok;
}

SseClient::~SseClient() { Close(); }

int SseClient::status() const {
  return impl_->parser.is_header_done() ? impl_->parser.get().result_int() : 0;
}

std::string SseClient::content_type() const {
  return std::string(impl_->parser.get()[http::field::content_type]);
}

const std::vector<SseEvent>& SseClient::ReadEvents(
    size_t n, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (impl_->open && !impl_->parser.is_done() && impl_->events.size() < n &&
         std::chrono::steady_clock::now() < until) {
    bool done = false;
    beast::error_code result;
    http::async_read_some(impl_->stream, impl_->buffer, impl_->parser,
                          [&](beast::error_code ec, size_t) {
                            result = ec;
                            done = true;
                          });
    impl_->ioc.run_until(until);
    if (!done) {  // out of time: cancel the read and let it finish
      beast::error_code ec;
      impl_->stream.socket().cancel(ec);
      impl_->ioc.restart();
      impl_->ioc.run();
      impl_->ioc.restart();
      break;
    }
    impl_->ioc.restart();
    if (result) {
      impl_->open = false;
      break;
    }
  }
  return impl_->events;
}

int SseClient::heartbeats() const { return impl_->heartbeats; }
int SseClient::retry_ms() const { return impl_->retry_ms; }

bool SseClient::ended() const { return impl_->parser.is_done(); }

void SseClient::Close() {
  if (!impl_->open) return;
  beast::error_code ec;
  impl_->stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  impl_->stream.socket().close(ec);
  impl_->open = false;
}

}  // namespace briefdesk::testing
