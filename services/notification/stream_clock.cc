#include "services/notification/stream_clock.h"

#include "libs/logging/logging.h"

namespace briefdesk::notification {

void StreamClock::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void StreamClock::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StreamClock::Run() {
  using Clock = std::chrono::steady_clock;
  auto next_beat = Clock::now() + heartbeat_;
  auto next_poll = Clock::now() + poll_;
  std::unique_lock lock(mu_);
  while (running_) {
    cv_.wait_until(lock, std::min(next_beat, next_poll),
                   [this] { return !running_; });
    if (!running_) break;
    lock.unlock();
    auto now = Clock::now();
    if (now >= next_poll) {
      Poll();
      next_poll = now + poll_;
    }
    if (now >= next_beat) {
      hub_->Beat();
      next_beat = now + heartbeat_;
    }
    lock.lock();
  }
}

void StreamClock::Poll() {
  if (hub_->size() == 0) {
    seen_.reset();
    return;
  }
  if (!seen_) {
    // Streams opened before this first look read their own starting
    // point; whatever came after it, they read now.
    auto newest = source_->Newest();
    if (!newest.ok()) {
      logging::Warn("stream_poll_failed",
                    {{"error", std::string(newest.status().message())}});
      return;
    }
    seen_ = *newest;
    hub_->NotifyAll();
    return;
  }
  auto written = source_->WrittenSince(*seen_);
  if (!written.ok()) {
    logging::Warn("stream_poll_failed",
                  {{"error", std::string(written.status().message())}});
    return;
  }
  seen_ = written->last;
  if (!written->users.empty()) hub_->Notify(written->users);
}

}  // namespace briefdesk::notification
