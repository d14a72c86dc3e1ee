// The threads that run the service's RPCs. The services use gRPC's callback
// API and hand every call here, so no gRPC thread waits on the database and
// no thread is started per call: the synchronous server's pool grows and
// shrinks with the load, starting and ending a thread for most calls under
// concurrency, which cost more than the calls themselves.
#ifndef BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_
#define BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_

#include <grpcpp/support/server_callback.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace briefdesk::briefs {

class CallWorkers {
 public:
  explicit CallWorkers(int threads);
  // Runs what is queued, then joins.
  ~CallWorkers();
  CallWorkers(const CallWorkers&) = delete;
  CallWorkers& operator=(const CallWorkers&) = delete;

  // Runs `work` on a worker and finishes the call with the status it
  // returns. The request and response stay valid until then.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx,
                                std::function<grpc::Status()> work);

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_
