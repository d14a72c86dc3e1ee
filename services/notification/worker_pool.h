// A fixed number of threads running queued work in order of arrival: where
// open streams do their blocking reads, so that a thousand streams cost no
// thousand threads, and the RPC threads never wait on the database. The
// queue holds at most one job per stream (OpenStream reads one batch at a
// time).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_WORKER_POOL_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace briefdesk::notification {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool() { Stop(); }

  void Post(std::function<void()> job);
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

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_WORKER_POOL_H_
