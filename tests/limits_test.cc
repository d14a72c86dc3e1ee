// The gateway's limits, set where the bytes come in: idle keep-alive and
// slow-request timeouts, header and body size, and the per-user rate limit.
// This binary's gateway runs with short timeouts and a small rate limit.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

using boost::asio::ip::tcp;

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env = {{"BRIEFDESK_HTTP_IDLE_TIMEOUT_SECONDS", "1"},
                   {"BRIEFDESK_HTTP_READ_TIMEOUT_SECONDS", "2"},
                   {"BRIEFDESK_RATE_LIMIT_PER_MINUTE", "5"}};
  Stack::Configure(o);
  return true;
}();

class RawConnection {
 public:
  explicit RawConnection(int port) : socket_(ioc_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"),
                     static_cast<unsigned short>(port)});
  }
  void Send(const std::string& bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }
  // Everything until the server closes, or "" after `seconds` of waiting.
  std::string ReadUntilClosed() {
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    for (;;) {
      size_t n = socket_.read_some(boost::asio::buffer(buf), ec);
      out.append(buf, n);
      if (ec) return out;
    }
  }
  // Seconds until the server closed the connection.
  double SecondsUntilClosed() {
    auto start = std::chrono::steady_clock::now();
    ReadUntilClosed();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
        .count();
  }

 private:
  boost::asio::io_context ioc_;
  tcp::socket socket_;
};

class LimitsTest : public ::testing::Test {
 protected:
  Api api;
};

TEST_F(LimitsTest, IdleKeepAliveConnectionIsClosed) {
  RawConnection c(api.stack().http_port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  double waited = c.SecondsUntilClosed();  // reads the answer, then waits
  EXPECT_GE(waited, 0.5);
  EXPECT_LT(waited, 5.0);
}

TEST_F(LimitsTest, RequestThatNeverFinishesItsHeadersIsClosed) {
  RawConnection c(api.stack().http_port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  std::string answer = c.ReadUntilClosed();
  EXPECT_EQ(answer.find("200 OK"), std::string::npos);
}

TEST_F(LimitsTest, OversizedHeadersGet431) {
  HttpResponse res = api.http().Send("GET", "/healthz", "",
                                     {{"X-Big", std::string(20000, 'a')}});
  EXPECT_EQ(res.status, 431);
  EXPECT_EQ(res.ErrorCode(), "RESOURCE_EXHAUSTED");
}

TEST_F(LimitsTest, AnnouncedOversizedBodyIs413BeforeItIsSent) {
  RawConnection c(api.stack().http_port());
  c.Send("POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: 2000000\r\n\r\n");
  std::string answer = c.ReadUntilClosed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
}

TEST_F(LimitsTest, RateLimitAnswers429WithRetryAfter) {
  User u = api.NewUser({"PARTICIPANT"});
  int ok = 0;
  HttpResponse limited;
  for (int i = 0; i < 8; ++i) {
    HttpResponse res = api.Call("GET", "/v1/users/me", u.key);
    if (res.status == 200) ++ok;
    if (res.status == 429) limited = res;
  }
  EXPECT_EQ(ok, 5);
  ASSERT_EQ(limited.status, 429);
  EXPECT_EQ(limited.ErrorCode(), "RESOURCE_EXHAUSTED");
  EXPECT_GE(std::stoi(limited.Header("retry-after")), 1);
  // Another user has their own allowance.
  User other = api.NewUser({"PARTICIPANT"});
  EXPECT_EQ(api.Call("GET", "/v1/users/me", other.key).status, 200);
}

}  // namespace
}  // namespace briefdesk::testing
