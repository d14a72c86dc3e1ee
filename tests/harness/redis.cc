#include "tests/harness/redis.h"

#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/harness/process.h"

namespace briefdesk::testing {

TestRedis::TestRedis()
    : dir_(MakeTempDir("briefdesk-redis")), port_(FreePort()) {
  pid_ = SpawnChild(
      {"/usr/bin/redis-server", "--port", std::to_string(port_), "--bind",
       "127.0.0.1", "--dir", dir_, "--save", "", "--appendonly", "no"},
      {.log = dir_ + "/redis.log"});
  for (int i = 0; i < 100; ++i) {
    if (Cli("PING").find("PONG") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Require(false, "redis-server did not start: see " + dir_);
}

TestRedis::~TestRedis() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    WaitExit(pid_);
  }
  RemoveTempDir(dir_);
}

std::string TestRedis::Cli(const std::string& args) const {
  return Shell("redis-cli -p " + std::to_string(port_) + " " + args + " 2>&1");
}

}  // namespace briefdesk::testing
