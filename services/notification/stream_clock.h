// The one thread behind every open stream's timers: a heartbeat for all
// streams every `heartbeat`, and every `poll` one look, for the whole
// replica, at the notifications other replicas wrote, waking the streams
// of their people (this replica's own writes wake them at once, through
// Hub::Notify).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_STREAM_CLOCK_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_STREAM_CLOCK_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "services/notification/hub.h"
#include "services/notification/open_stream.h"

namespace briefdesk::notification {

class StreamClock {
 public:
  StreamClock(Hub* hub, StreamSource* source,
              std::chrono::milliseconds heartbeat,
              std::chrono::milliseconds poll)
      : hub_(hub), source_(source), heartbeat_(heartbeat), poll_(poll) {}
  ~StreamClock() { Stop(); }

  void Start();
  void Stop();

  // One look at what was written since the last; wakes whom it concerns.
  // With no stream open it reads nothing (and forgets where it was).
  void Poll();

 private:
  void Run();

  Hub* hub_;
  StreamSource* source_;
  const std::chrono::milliseconds heartbeat_, poll_;
  // The greatest sequence seen; unknown until the first look with streams
  // open. Notification writes are serialized (LockWrites), so a sequence
  // below it can never be committed later.
  std::optional<int64_t> seen_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_STREAM_CLOCK_H_
