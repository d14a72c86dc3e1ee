// A flood of idle connections cannot take the gateway down: it holds at
// most its cap (kept below its open-file limit), at most a cap per client
// address, closes the longest-idle connection to make room, and keeps
// answering other clients at once, without spinning. This binary's gateway
// may open 512 files, so its cap is 256 connections, 100 per address.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/prometheus.h"

namespace briefdesk::testing {
namespace {

using Clock = std::chrono::steady_clock;

const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_open_files = 512;
  o.gateway_env = {{"BRIEFDESK_HTTP_MAX_CONNECTIONS_PER_CLIENT", "100"}};
  Stack::Configure(o);
  // This process holds some 800 sockets.
  RaiseOpenFileLimit();
  return true;
}();

// A TCP connection to the gateway from a loopback address of our choosing
// (every 127.x.y.z reaches lo), that sends nothing.
class Idle {
 public:
  Idle(const std::string& from, int port)
      : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from.c_str(), &local.sin_addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0;
  }
  ~Idle() { close(fd_); }
  bool connected() const { return connected_; }
  // Whether the gateway closed it within `ms` (EOF or reset).
  bool ClosedWithin(int ms) const {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return false;
    char c;
    return recv(fd_, &c, 1, MSG_DONTWAIT) <= 0;
  }

 private:
  int fd_;
  bool connected_ = false;
};

double CpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), {});
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return double(utime + stime) / sysconf(_SC_CLK_TCK);
}

double SecondsFor(Api& api, const User& u) {
  auto start = Clock::now();
  HttpResponse res = api.Call("GET", "/v1/users/me", u.key);
  EXPECT_EQ(res.status, 200) << res.body;
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Gauge(Api& api, const std::string& name) {
  Exposition e = ParsePrometheus(api.Call("GET", "/metrics", "").body);
  EXPECT_TRUE(e.error.empty()) << e.error;
  EXPECT_TRUE(e.Has(name)) << name;
  return e.Sum(name);
}

class ConnectionsTest : public ::testing::Test {
 protected:
  Api api;
  User user = api.NewUser({"PARTICIPANT"});
};

TEST_F(ConnectionsTest, OneAddressGetsItsCapAndNoMore) {
  std::vector<std::unique_ptr<Idle>> flood;
  for (int i = 0; i < 150; ++i) {
    flood.push_back(
        std::make_unique<Idle>("127.0.0.2", api.stack().http_port()));
  }
  int refused = 0;
  for (int i = 100; i < 150; ++i) refused += flood[i]->ClosedWithin(2000);
  EXPECT_EQ(refused, 50);
  int held = 0;
  for (int i = 0; i < 100; ++i) held += !flood[i]->ClosedWithin(0);
  EXPECT_EQ(held, 100);
  EXPECT_LT(SecondsFor(api, user), 1.0);  // another address is served at once
}

TEST_F(ConnectionsTest, AFloodPastTheCapAndTheFileLimitLeavesOthersServed) {
  pid_t gateway = api.stack().pid("gateway");
  double cpu_before = CpuSeconds(gateway);
  std::vector<std::unique_ptr<Idle>> flood;
  // 700 connections from seven addresses: past the cap of 256 and past the
  // 512 files the gateway may open.
  for (int a = 3; a < 10; ++a) {
    for (int i = 0; i < 100; ++i) {
      flood.push_back(std::make_unique<Idle>("127.0.0." + std::to_string(a),
                                             api.stack().http_port()));
    }
  }
  for (int i = 0; i < 5; ++i) {
    EXPECT_LT(SecondsFor(api, user), 1.0)
        << "request " << i << " under the flood";
  }
  // Idle for two seconds more, with the flood still connected.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_LT(SecondsFor(api, user), 1.0);
  double cpu = CpuSeconds(gateway) - cpu_before;
  EXPECT_LT(cpu, 1.5) << "the gateway spun: " << cpu << " s of CPU";
  int open = 0;
  for (const auto& c : flood) open += !c->ClosedWithin(0);
  EXPECT_LE(open, 256);
  EXPECT_GT(open, 100);  // it holds what it may; the rest were shed
  EXPECT_LE(Gauge(api, "briefdesk_http_connections"), 256);
  EXPECT_GT(Gauge(api, "briefdesk_http_connections_shed_total"), 0);
}

}  // namespace
}  // namespace briefdesk::testing
