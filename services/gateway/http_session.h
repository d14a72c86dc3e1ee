// One HTTP/1.1 connection of the gateway (http_server.h accepts them):
// reads one request at a time with a fresh parser, checks its framing
// (request_framing.h), hands it to the Gateway, writes the answer or the
// event stream. Internal to the gateway's I/O files.
#ifndef BRIEFDESK_SERVICES_GATEWAY_HTTP_SESSION_H_
#define BRIEFDESK_SERVICES_GATEWAY_HTTP_SESSION_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "services/gateway/connection_limits.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"

namespace briefdesk::gateway {

class Session;

// The sessions serving Server-Sent Events, so that a draining server can end
// them with a proper last chunk instead of dropping the connections.
struct HttpServer::Streams {
  std::mutex mu;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>>
      open;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, Gateway* gateway,
          const HttpLimits& limits,
          std::shared_ptr<HttpServer::Streams> streams)
      : stream_(std::move(socket)),
        // What one request may hold in the buffer at once: the header, and
        // a chunk's header or the trailer section; body bytes pass through.
        buffer_(limits.header_bytes + kReadSlack),
        gateway_(gateway),
        limits_(limits),
        streams_(std::move(streams)) {}

  // Starts reading, holding `ticket` (its place under the connection caps)
  // for as long as the connection is open.
  void Start(std::shared_ptr<ConnectionLimits::Ticket> ticket);
  // Closes the connection if it is waiting for a request (from any thread).
  void Shed();
  // Ends the event stream this session serves, if any (from any thread).
  void EndStream();

 private:
  void ReadHeader();
  void ScanHeader();
  void OnHeader(boost::beast::error_code ec);
  void OnReadError(boost::beast::error_code ec);
  void Reject(int status, const std::string& message);
  void LingeringClose();
  void Drain(std::shared_ptr<std::array<char, 16384>> scratch);
  void OnRead(boost::beast::error_code ec, size_t);
  void StartEvents(Response res, std::shared_ptr<EventStream> events);
  void WriteFrame(std::string frame);
  void EndEvents();
  void Write(Response res, bool keep_alive);
  void SetIdle(bool idle);
  void Close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<EventStream> events_;  // while serving Server-Sent Events
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<HttpServer::Streams> streams_;
  std::shared_ptr<ConnectionLimits::Ticket> ticket_;
  std::string peer_;          // the client's address
  bool idle_ = false;         // waiting for the first byte of a request
  bool shed_ = false;         // asked to make room: close after this answer
  size_t header_fields_ = 0;  // fields of the header, before any trailer
  static constexpr size_t kReadSlack = 65536;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_HTTP_SESSION_H_
