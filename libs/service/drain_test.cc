#include "libs/service/drain.h"

#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

namespace briefdesk::service {
namespace {

using std::chrono::system_clock;

TEST(DrainTest, ASignalRunsTheStepsInOrderWithTheGracePeriod) {
  BlockStopSignals();
  raise(SIGTERM);  // pending until WaitAndDrain takes it
  std::vector<std::string> steps;
  system_clock::time_point deadline;
  auto before = system_clock::now();
  WaitAndDrain(
      {.delay = std::chrono::seconds(0), .grace = std::chrono::seconds(7)},
      {.not_ready = [&] { steps.push_back("not ready"); },
       .stop_accepting = [&] { steps.push_back("stop accepting"); },
       .wait =
           [&](system_clock::time_point d) {
             steps.push_back("wait");
             deadline = d;
           }});
  EXPECT_EQ(steps,
            (std::vector<std::string>{"not ready", "stop accepting", "wait"}));
  EXPECT_GE(deadline, before + std::chrono::seconds(7));
  EXPECT_LT(deadline, system_clock::now() + std::chrono::seconds(7));
}

TEST(DrainTest, WaitIdleReturnsOnceIdleOrAtTheDeadline) {
  int checks = 0;
  EXPECT_TRUE(WaitIdle([&] { return ++checks == 3; },
                       system_clock::now() + std::chrono::seconds(5),
                       std::chrono::milliseconds(1)));
  EXPECT_EQ(checks, 3);
  EXPECT_FALSE(WaitIdle([] { return false; }, system_clock::now(),
                        std::chrono::milliseconds(1)));
}

}  // namespace
}  // namespace briefdesk::service
