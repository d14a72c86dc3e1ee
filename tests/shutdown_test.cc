// SIGTERM in the middle of traffic, to each service and to the gateway: the
// process exits 0 within its grace period; every request either succeeds
// or fails with 503 UNAVAILABLE and Retry-After (then succeeds when
// retried); nothing acknowledged is lost or repeated (tests/harness/traffic).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "tests/harness/sse_client.h"
#include "tests/harness/traffic.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const bool kConfigured = [] {
  Stack::Options o;
  std::map<std::string, std::string> drain = {
      {"BRIEFDESK_SHUTDOWN_GRACE_SECONDS", "10"}};
  o.briefs_env = o.review_env = o.notification_env = drain;
  // The gateway stays in service, not ready, for 1 s before it stops
  // accepting: what a load balancer needs to stop sending.
  o.gateway_env = {{"BRIEFDESK_SHUTDOWN_GRACE_SECONDS", "10"},
                   {"BRIEFDESK_SHUTDOWN_DELAY_SECONDS", "1"}};
  Stack::Configure(o);
  return true;
}();

// SIGTERM; the exit status and how long the process took to exit.
std::pair<int, milliseconds> Terminate(Stack& stack, const std::string& name) {
  auto start = std::chrono::steady_clock::now();
  int status = stack.Kill(name, SIGTERM);
  return {status, std::chrono::duration_cast<milliseconds>(
                      std::chrono::steady_clock::now() - start)};
}

TEST(ShutdownTest, EachServiceDrainsUnderTrafficAndLosesNothing) {
  Api api;
  Traffic traffic(api, {api.stack().http_port()});
  traffic.Start();
  for (const std::string name : {"briefs", "review", "notification"}) {
    SCOPED_TRACE(name);
    std::this_thread::sleep_for(milliseconds(1500));
    int before = traffic.ledger().requests;
    auto [status, took] = Terminate(api.stack(), name);
    EXPECT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_LT(took, seconds(10));
    std::this_thread::sleep_for(milliseconds(500));  // traffic meets it down
    api.stack().StartProcess(name);
    ASSERT_TRUE(api.stack().WaitReady());
    EXPECT_GT(traffic.ledger().requests, before) << "traffic flowed meanwhile";
  }
  std::this_thread::sleep_for(milliseconds(1500));
  traffic.Stop();
  {
    std::lock_guard lock(traffic.ledger().mu);
    EXPECT_GT(traffic.ledger().retryable, 0)
        << "no request met a stopped service";
    EXPECT_GT(traffic.ledger().submitted.size(), 5u);
    EXPECT_GT(traffic.ledger().completed.size(), 0u);
    std::cout << "traffic: " << traffic.ledger().requests << " requests, "
              << traffic.ledger().retryable << " retryable answers, "
              << traffic.ledger().submitted.size() << " submissions, "
              << traffic.ledger().completed.size() << " reviews\n";
  }
  traffic.Verify();
}

// The gateway's load balancer is played by each client: it sends only while
// /readyz says 200, as a Kubernetes Service does with the readiness probe.
TEST(ShutdownTest, GatewayFinishesInFlightRequestsAndExitsZero) {
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  std::atomic<bool> running{true};
  std::atomic<int> answered{0}, unanswered{0}, sent{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      HttpClient http(api.stack().http_port());
      while (running) {
        if (http.Send("GET", "/readyz").status != 200) break;
        ++sent;
        HttpResponse r = http.Call("POST", "/v1/briefs", author.key,
                                   R"({"title":"Brief )" + Api::Unique() +
                                       R"(","topic":"social-protection"})");
        (r.status == 201 ? answered : unanswered)++;
      }
    });
  }
  // An open event stream ends with its last chunk; it does not hold the
  // gateway for the whole grace period.
  SseClient stream(api.stack().http_port(), author.key);
  ASSERT_EQ(stream.status(), 200);
  std::this_thread::sleep_for(milliseconds(1000));
  auto [status, took] = Terminate(api.stack(), "gateway");
  stream.ReadEvents(1000, milliseconds(2000));
  EXPECT_TRUE(stream.ended()) << "the stream was cut, not ended";
  running = false;
  for (auto& t : clients) t.join();
  EXPECT_TRUE(WIFEXITED(status))
      << "the gateway ended by signal "
      << (WIFSIGNALED(status) ? WTERMSIG(status) : 0)
      << "; its log: " << api.stack().dir() << "/gateway.log";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_GE(took, milliseconds(1000)) << "the 1 s delay before closing";
  EXPECT_LT(took, seconds(5)) << "well inside the 10 s grace";
  EXPECT_GT(answered, 10);
  EXPECT_EQ(unanswered, 0) << "of " << sent << " requests sent while ready";
  api.stack().StartGateway();
  ASSERT_TRUE(api.stack().WaitReady());
}

}  // namespace
}  // namespace briefdesk::testing
