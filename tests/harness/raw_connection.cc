#include "tests/harness/raw_connection.h"

#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <chrono>

namespace briefdesk::testing {

RawConnection::RawConnection(int port) : socket_(ioc_) {
  socket_.connect({boost::asio::ip::make_address("127.0.0.1"),
                   static_cast<unsigned short>(port)});
  // A test fails rather than hangs on a server that never closes.
  timeval wait{20, 0};
  setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait,
             sizeof wait);
}

void RawConnection::Send(const std::string& bytes) {
  boost::asio::write(socket_, boost::asio::buffer(bytes));
}

std::string RawConnection::ReadUntilClosed() {
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    size_t n = socket_.read_some(boost::asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) return out;
  }
}

double RawConnection::SecondsUntilClosed() {
  auto start = std::chrono::steady_clock::now();
  ReadUntilClosed();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace briefdesk::testing
