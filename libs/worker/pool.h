// A fixed number of threads running queued jobs in order of arrival: where
// gRPC callback handlers do their blocking work (the briefs service's calls,
// the notification service's stream reads), so no gRPC thread waits on the
// database and no thread is started per call or per stream.
#ifndef BRIEFDESK_LIBS_WORKER_POOL_H_
#define BRIEFDESK_LIBS_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace briefdesk::worker {

class Pool {
 public:
  explicit Pool(int threads);
  ~Pool() { Stop(); }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Queues `job`; false (and `job` dropped) once Stop() began.
  bool Post(std::function<void()> job);
  // Runs what is queued, then joins the threads; later jobs are dropped.
  void Stop();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace briefdesk::worker

#endif  // BRIEFDESK_LIBS_WORKER_POOL_H_
