// A TCP connection to the gateway that sends bytes exactly as given, for
// tests of how requests are framed and when connections close.
#ifndef BRIEFDESK_TESTS_HARNESS_RAW_CONNECTION_H_
#define BRIEFDESK_TESTS_HARNESS_RAW_CONNECTION_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace briefdesk::testing {

class RawConnection {
 public:
  explicit RawConnection(int port);
  void Send(const std::string& bytes);
  // Everything until the server closes the connection (or 20 s pass
  // without a byte).
  std::string ReadUntilClosed();
  // Seconds until the server closed the connection.
  double SecondsUntilClosed();

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_RAW_CONNECTION_H_
