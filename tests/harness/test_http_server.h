// An HTTP receiver for webhook tests, on loopback: it records every request
// and answers each with the status a script gives, or never answers.
#ifndef BRIEFDESK_TESTS_HARNESS_TEST_HTTP_SERVER_H_
#define BRIEFDESK_TESTS_HARNESS_TEST_HTTP_SERVER_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace briefdesk::testing {

class TestHttpServer {
 public:
  struct Received {
    std::string target, body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::chrono::steady_clock::time_point at;
  };
  // `answer(n)`: the status for the n-th request (from 0); 0 never answers.
  explicit TestHttpServer(std::function<int(int)> answer);
  ~TestHttpServer();

  int port() const;
  std::vector<Received> received() const;
  // Waits until `n` requests came, or `timeout`.
  std::vector<Received> WaitFor(size_t n,
                                std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int last_port_ = 0;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_TEST_HTTP_SERVER_H_
