// A background loop on threads of its own, the one shape shared by the
// outbox relays, the review sweeper, the notification scheduler and the
// webhook sender: run a step, then sleep for a period or until woken, until
// stopped. A step that wants to run again at once says so.
#ifndef BRIEFDESK_LIBS_WORKER_WORKER_H_
#define BRIEFDESK_LIBS_WORKER_WORKER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace briefdesk::worker {

enum class Next {
  kAgain,  // more work is waiting: run the step again at once
  kSleep,  // wait for the period, a Wake() or Stop()
};

class Worker {
 public:
  using Step = std::function<Next()>;
  // `threads` run `step` side by side (each its own loop).
  Worker(Step step, std::chrono::milliseconds period, int threads = 1);
  ~Worker();  // Stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Start();
  // Ends the loops after their current step; waits for them. Idempotent.
  void Stop();
  // Ends the current or the next sleep of every loop early.
  void Wake();
  bool running() const { return running_; }

  // For steps that wait inside (a backoff): up to `d`, or until Wake() or
  // Stop(); true when woken or stopped.
  bool Sleep(std::chrono::milliseconds d);
  // True, once, if Wake() was called since this thread's last sleep or
  // TakeWake().
  bool TakeWake();

 private:
  void Loop();

  Step step_;
  std::chrono::milliseconds period_;
  int threads_;
  const uint64_t id_;
  std::vector<std::thread> loops_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wakes_ = 0;
};

}  // namespace briefdesk::worker

#endif  // BRIEFDESK_LIBS_WORKER_WORKER_H_
