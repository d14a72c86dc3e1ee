// Server-Sent Events from the notification service: a watch on the
// gateway's one Watch call (notification_watch.h). The service sends the
// next item only after the HTTP side wrote the previous chunk (Next), so a
// slow client slows only its own stream and holds at most one notification
// in memory.
#ifndef BRIEFDESK_SERVICES_GATEWAY_EVENT_STREAM_H_
#define BRIEFDESK_SERVICES_GATEWAY_EVENT_STREAM_H_

#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <string>

namespace briefdesk::gateway {

class EventStream {
 public:
  virtual ~EventStream() = default;
  // Opens the RPC; `ready(status)` runs once, when the service confirmed the
  // stream (its first item) or failed. Only then is the HTTP answer sent.
  virtual void Open(std::function<void(const grpc::Status&)> ready) = 0;
  // After `ready`: `on_chunk` gets one SSE frame per Next() (the first
  // right away); `on_end` once, when the stream ended (the service closed
  // it, or Cancel, or it reached its hour). Both run on gRPC threads.
  virtual void Start(std::function<void(std::string)> on_chunk,
                     std::function<void()> on_end) = 0;
  // Asks for the next frame, after the previous one was written.
  virtual void Next() = 0;
  // The client went away: end the RPC.
  virtual void Cancel() = 0;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_EVENT_STREAM_H_
