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

#include "services/gateway/connection_limits.h"
#include "services/gateway/gateway.h"

namespace briefdesk::gateway {

struct HttpLimits {
  size_t body_bytes = 1 << 20;            // 413 past this
  uint32_t header_bytes = 16384;          // 431 past this
  std::chrono::seconds read_timeout{30};  // for one request, once it starts
  std::chrono::seconds idle_timeout{60};  // between keep-alive requests
  // Connections held at once (ConnectionLimits), and from one address; 0:
  // no cap per address.
  size_t max_connections = 16384;
  size_t max_connections_per_client = 256;
};

// Raises this process's open-file limit to its hard limit and returns the
// soft limit now in force. The connection cap must stay below it.
size_t RaiseFileLimit();

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

  struct Stats {
    size_t open = 0;             // connections held now
    uint64_t refused = 0;        // refused at a cap
    uint64_t shed = 0;           // idle ones closed to make room
    uint64_t accept_errors = 0;  // accept failed (out of descriptors, ...)
  };
  Stats stats() const;

  struct Streams;

 private:
  class Listener;
  boost::asio::io_context& ioc_;
  Gateway* gateway_;
  HttpLimits limits_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<Streams> streams_;
  std::shared_ptr<ConnectionLimits> connections_;
  struct Counters;
  std::shared_ptr<Counters> counters_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_HTTP_SERVER_H_
