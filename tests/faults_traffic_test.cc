// Faults under traffic, the adversarial pass kept in the project ("nothing
// acknowledged was lost in 92,844 writes across SIGKILLs and a PostgreSQL
// restart"): SIGKILL to each service and to the gateway in turn, each
// started again, then PostgreSQL restarted with -m immediate. Every answer
// is a success, 503 with Retry-After, or none while the gateway is down,
// and is retried; a retried workflow action may find itself done (409);
// nothing else, never a 500. Nothing acknowledged is lost or done twice
// (Traffic::Verify).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "tests/harness/traffic.h"

namespace briefdesk::testing {
namespace {

using std::chrono::milliseconds;

const bool kConfigured = [] {
  Stack::Options o;
  // A claim whose answer died with the gateway still holds its task: enough
  // of them would stop an expert at the default cap of 3 for the run.
  o.review_env = {{"BRIEFDESK_MAX_OPEN_CLAIMS", "100"}};
  Stack::Configure(o);
  return true;
}();

int Requests(Traffic& traffic) {
  std::lock_guard lock(traffic.ledger().mu);
  return traffic.ledger().requests;
}

void Report(Ledger& l, std::chrono::steady_clock::duration took) {
  std::lock_guard lock(l.mu);
  size_t writes = l.created.size() + l.submitted.size() + l.claimed.size() +
                  l.completed.size();
  std::cout << "fault traffic: "
            << std::chrono::duration_cast<milliseconds>(took).count() << " ms, "
            << l.requests << " requests, " << writes << " acknowledged writes ("
            << l.created.size() << " briefs, " << l.submitted.size()
            << " submissions, " << l.claimed.size() << " claims, "
            << l.completed.size() << " reviews), " << l.retryable
            << " retryable answers (" << l.unanswered << " unanswered), "
            << l.done_on_retry << " retried actions found done\n";
}

TEST(FaultsTrafficTest, SigkillsAndAPostgresRestartLoseNothing) {
  Api api;
  Stack& stack = api.stack();
  Traffic traffic(api, {stack.http_port()});
  traffic.RetryUnanswered();
  auto start = std::chrono::steady_clock::now();
  traffic.Start();
  for (const std::string name :
       {"briefs", "review", "notification", "gateway"}) {
    SCOPED_TRACE(name);
    std::this_thread::sleep_for(milliseconds(1500));
    int before = Requests(traffic);
    int status = stack.Kill(name, SIGKILL);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    std::this_thread::sleep_for(milliseconds(500));  // traffic meets it down
    stack.StartProcess(name);
    ASSERT_TRUE(stack.WaitReady());
    EXPECT_GT(Requests(traffic), before) << "traffic flowed meanwhile";
  }
  std::this_thread::sleep_for(milliseconds(1500));
  stack.RestartPostgres();
  ASSERT_TRUE(stack.WaitReady());
  // Traffic after the restart: the pools and the outbox relays reconnected.
  std::this_thread::sleep_for(milliseconds(2000));
  traffic.Stop();
  Report(traffic.ledger(), std::chrono::steady_clock::now() - start);
  {
    std::lock_guard lock(traffic.ledger().mu);
    EXPECT_GT(traffic.ledger().retryable, 0) << "no request met a fault";
    EXPECT_GT(traffic.ledger().unanswered, 0) << "none met the gateway down";
    EXPECT_GT(traffic.ledger().submitted.size(), 10u);
    EXPECT_GT(traffic.ledger().completed.size(), 0u);
  }
  traffic.Verify();
}

}  // namespace
}  // namespace briefdesk::testing
