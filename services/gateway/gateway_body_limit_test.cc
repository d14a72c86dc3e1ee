// The body limit holds for a raw body as for JSON: the HTTP server, on a
// loopback port, in front of a Gateway with fake backends; a text/csv body
// of 1 MiB reaches the service whole, one byte more is 413 with the JSON
// error body.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "briefdesk/courses/v1/courses.pb.h"
#include "services/gateway/fake_backends.h"
#include "services/gateway/http_server.h"

namespace briefdesk::gateway {
namespace {

namespace net = boost::asio;
using net::ip::tcp;

constexpr size_t kLimit = 1 << 20;  // HttpLimits' default, API.md's 1 MiB

class BodyLimitTest : public ::testing::Test {
 protected:
  BodyLimitTest()
      : gateway_(Gateway::DefaultRoutes(), &backends_, {}, &metrics_),
        server_(ioc_, &gateway_, HttpLimits{}) {
    backends_.Answer(courses::v1::ImportMembersResponse());
    auto port = server_.Listen("127.0.0.1", 0);
    EXPECT_TRUE(port.ok());
    port_ = port.ok() ? *port : 0;
    server_.Start();
    io_ = std::thread([this] { ioc_.run(); });
  }
  ~BodyLimitTest() override { Stop(); }

  void Stop() {
    if (!io_.joinable()) return;
    server_.StopAccepting();
    ioc_.stop();
    io_.join();
  }

  // POSTs a CSV of `size` bytes to the import route on a new connection and
  // returns all the server sent back.
  std::string Import(size_t size) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    std::string request =
        "POST /v1/courses/c1/members:import HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer bdk_test-key\r\nContent-Type: text/csv\r\n"
        "Connection: close\r\nContent-Length: " +
        std::to_string(size) + "\r\n\r\n" + std::string(size, 'a');
    boost::system::error_code ec;
    net::write(socket, net::buffer(request), ec);  // may stop at the 413
    std::string answer;
    net::read(socket, net::dynamic_buffer(answer), ec);  // until closed
    return answer;
  }

  FakeBackends backends_;
  metrics::Registry metrics_;
  Gateway gateway_;
  net::io_context ioc_;
  HttpServer server_;
  unsigned short port_ = 0;
  std::thread io_;
};

TEST_F(BodyLimitTest, OneMebibyteGoesThroughOneByteMoreIs413) {
  std::string ok = Import(kLimit);
  EXPECT_EQ(ok.rfind("HTTP/1.1 200", 0), 0u) << ok.substr(0, 300);
  std::string big = Import(kLimit + 1);
  EXPECT_EQ(big.rfind("HTTP/1.1 413", 0), 0u) << big.substr(0, 300);
  EXPECT_NE(big.find("application/json"), std::string::npos);
  EXPECT_NE(big.find(R"("code":"RESOURCE_EXHAUSTED")"), std::string::npos)
      << big;
  Stop();
  ASSERT_EQ(backends_.sent.size(), 1u);  // only the first reached it
  courses::v1::ImportMembersRequest req;
  ASSERT_TRUE(req.ParseFromString(backends_.sent[0].request));
  EXPECT_EQ(req.csv(), std::string(kLimit, 'a'));
}

}  // namespace
}  // namespace briefdesk::gateway
