// A throwaway redis-server for tests: its own temporary folder, a free
// loopback port, stopped (and its folder removed) when the object goes.
#ifndef BRIEFDESK_TESTS_HARNESS_REDIS_H_
#define BRIEFDESK_TESTS_HARNESS_REDIS_H_

#include <sys/types.h>

#include <string>

namespace briefdesk::testing {

class TestRedis {
 public:
  // Aborts the test binary when redis-server does not start.
  TestRedis();
  ~TestRedis();
  TestRedis(const TestRedis&) = delete;
  TestRedis& operator=(const TestRedis&) = delete;

  int port() const { return port_; }
  // Runs a redis-cli command; its output.
  std::string Cli(const std::string& args) const;

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_REDIS_H_
