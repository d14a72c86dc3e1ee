#include "services/briefs/call_workers.h"

#include <grpcpp/server_context.h>

namespace briefdesk::briefs {

CallWorkers::CallWorkers(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

CallWorkers::~CallWorkers() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

grpc::ServerUnaryReactor* CallWorkers::Run(grpc::CallbackServerContext* ctx,
                                           std::function<grpc::Status()> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(
        [reactor, work = std::move(work)] { reactor->Finish(work()); });
  }
  cv_.notify_one();
  return reactor;
}

void CallWorkers::Loop() {
  for (;;) {
    std::function<void()> next;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    next();
  }
}

}  // namespace briefdesk::briefs
