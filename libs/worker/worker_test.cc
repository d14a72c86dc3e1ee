#include "libs/worker/worker.h"

#include <gtest/gtest.h>

#include <atomic>

#include "libs/worker/pool.h"

namespace briefdesk::worker {
namespace {

using std::chrono::milliseconds;

TEST(WorkerTest, RunsTheStepUntilStopped) {
  std::atomic<int> steps{0};
  Worker w([&] { return ++steps < 5 ? Next::kAgain : Next::kSleep; },
           milliseconds(10));
  w.Start();
  while (steps < 6) std::this_thread::yield();  // 5 at once, then a period
  w.Stop();
  int after_stop = steps;
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(steps, after_stop);
  EXPECT_FALSE(w.running());
}

TEST(WorkerTest, WakeEndsTheSleepEarly) {
  std::atomic<int> steps{0};
  Worker w(
      [&] {
        ++steps;
        return Next::kSleep;
      },
      std::chrono::hours(1));
  w.Start();
  while (steps < 1) std::this_thread::yield();
  w.Wake();
  while (steps < 2) std::this_thread::yield();  // would hang without Wake
  w.Stop();  // and Stop ends an hour's sleep too
  EXPECT_EQ(steps, 2);
}

TEST(WorkerTest, SeveralThreadsRunTheirOwnLoops) {
  std::atomic<int> inside{0}, most{0};
  std::atomic<bool> go{false};
  Worker w(
      [&] {
        int now = ++inside;
        most = std::max(most.load(), now);
        while (!go && most < 3) std::this_thread::yield();
        --inside;
        return Next::kSleep;
      },
      milliseconds(1), 3);
  w.Start();
  while (most < 3) std::this_thread::yield();
  go = true;
  w.Stop();
  EXPECT_EQ(most, 3);
}

TEST(WorkerTest, TakeWakeSaysOnceThatAWakeCame) {
  Worker w([] { return Next::kSleep; }, std::chrono::hours(1));
  EXPECT_FALSE(w.TakeWake());
  w.Wake();
  EXPECT_TRUE(w.TakeWake());
  EXPECT_FALSE(w.TakeWake());
}

TEST(PoolTest, StopRunsWhatIsQueuedThenRefusesMore) {
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  Pool pool(1);
  // The one thread is busy, so the next nine wait in the queue.
  EXPECT_TRUE(pool.Post([&] {
    while (!release) std::this_thread::yield();
    ++done;
  }));
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(pool.Post([&] { ++done; }));
  std::thread stopper([&] { pool.Stop(); });
  release = true;
  stopper.join();
  EXPECT_EQ(done, 10);
  EXPECT_FALSE(pool.Post([&] { ++done; }));
  EXPECT_EQ(done, 10);
}

TEST(PoolTest, JobsRunOnSeveralThreadsAtOnce) {
  std::atomic<int> inside{0};
  std::atomic<bool> both{false};
  Pool pool(2);
  for (int i = 0; i < 2; ++i) {
    pool.Post([&] {
      if (++inside == 2) both = true;
      while (!both) std::this_thread::yield();  // hangs on one thread
    });
  }
  pool.Stop();
  EXPECT_TRUE(both);
}

}  // namespace
}  // namespace briefdesk::worker
