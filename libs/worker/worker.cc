#include "libs/worker/worker.h"

namespace briefdesk::worker {
namespace {
// The wakes this thread has seen of its worker: each loop wakes for every
// Wake(), also one that came while its step ran. A loop's thread serves one
// worker all its life.
struct Seen {
  uint64_t worker = 0;  // Worker::id_, never reused (an address may be)
  uint64_t wakes = 0;
};
thread_local Seen seen_here;
std::atomic<uint64_t> next_id{1};

uint64_t& SeenOf(uint64_t worker) {
  if (seen_here.worker != worker) seen_here = Seen{worker, 0};
  return seen_here.wakes;
}
}  // namespace

Worker::Worker(Step step, std::chrono::milliseconds period, int threads)
    : step_(std::move(step)),
      period_(period),
      threads_(threads),
      id_(next_id++) {}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  if (running_.exchange(true)) return;
  for (int i = 0; i < threads_; ++i) loops_.emplace_back([this] { Loop(); });
}

void Worker::Stop() {
  if (!running_.exchange(false)) return;
  {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  }
  for (std::thread& t : loops_) t.join();
  loops_.clear();
}

void Worker::Wake() {
  std::lock_guard lock(mu_);
  ++wakes_;
  cv_.notify_all();
}

bool Worker::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  uint64_t& seen = SeenOf(id_);
  bool woken =
      cv_.wait_for(lock, d, [&] { return wakes_ != seen || !running_; });
  seen = wakes_;
  return woken;
}

bool Worker::TakeWake() {
  std::lock_guard lock(mu_);
  uint64_t& seen = SeenOf(id_);
  bool woken = wakes_ != seen;
  seen = wakes_;
  return woken;
}

void Worker::Loop() {
  while (running_) {
    if (step_() == Next::kAgain) continue;
    Sleep(period_);
  }
}

}  // namespace briefdesk::worker
