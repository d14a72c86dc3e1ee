// HTTP/1.1 with keep-alive on Boost.Beast: the listener accepts, each session
// reads one request at a time with a fresh parser (body and header limits),
// hands it to the Gateway and writes the answer. Limits are set where the
// bytes come in.
#ifndef BRIEFDESK_SERVICES_GATEWAY_HTTP_SERVER_H_
#define BRIEFDESK_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>

#include "services/gateway/gateway.h"

namespace briefdesk::gateway {

struct HttpLimits {
  size_t body_bytes = 1 << 20;    // 413 past this
  uint32_t header_bytes = 16384;  // 431 past this
  std::chrono::seconds read_timeout{30};  // for one request, once it starts
  std::chrono::seconds idle_timeout{60};  // between keep-alive requests
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, Gateway* gateway, HttpLimits limits);
  ~HttpServer();

  // Binds and listens; returns the port (useful with port 0).
  absl::StatusOr<unsigned short> Listen(const std::string& address,
                                        unsigned short port);
  void Start();
  // Stops accepting; sessions finish their current request and close.
  void StopAccepting();
  // Ends every open event stream with its last chunk (clients reconnect
  // elsewhere with Last-Event-ID).
  void EndStreams();
  size_t open_streams() const;

  struct Streams;

 private:
  class Listener;
  boost::asio::io_context& ioc_;
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<Streams> streams_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_HTTP_SERVER_H_
