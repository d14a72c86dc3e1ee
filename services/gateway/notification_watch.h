// The gateway's Server-Sent-Event streams, all on one Watch call to the
// notification service at a time (a gRPC call per client would cost both
// sides some 30 KiB of call state per idle stream). Each stream is a watch
// on that call; the service sends a watch's next item only after the
// gateway says `next`, which it does once the HTTP side wrote the previous
// frame: a slow client slows only its own stream, and holds one frame.
//
// When the call ends (the service replica drains or fails), its streams
// end, their clients reconnect with Last-Event-ID, and the next stream
// opens a new call, which load balancing sends to a serving replica.
#ifndef BRIEFDESK_SERVICES_GATEWAY_NOTIFICATION_WATCH_H_
#define BRIEFDESK_SERVICES_GATEWAY_NOTIFICATION_WATCH_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "briefdesk/notification/v1/notification.grpc.pb.h"
#include "services/gateway/event_stream.h"

namespace briefdesk::gateway {

class WatchCall;

class NotificationWatcher {
 public:
  explicit NotificationWatcher(notification::v1::Notifications::Stub* stub)
      : stub_(stub) {}
  // Ends the call in progress, and waits (briefly) for it to end.
  ~NotificationWatcher();

  // `user`'s notifications after `after_sequence` (0: from the start), or
  // only new ones when it is absent, as SSE frames.
  std::shared_ptr<EventStream> Open(const std::string& user,
                                    std::optional<int64_t> after_sequence);

 private:
  notification::v1::Notifications::Stub* stub_;
  std::mutex mu_;
  std::shared_ptr<WatchCall> call_;  // the call new streams join
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_NOTIFICATION_WATCH_H_
