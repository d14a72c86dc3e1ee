// A Server-Sent Events client for tests: opens GET /v1/notifications:stream
// and collects frames.
#ifndef BRIEFDESK_TESTS_HARNESS_SSE_CLIENT_H_
#define BRIEFDESK_TESTS_HARNESS_SSE_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace briefdesk::testing {

struct SseEvent {
  std::string id, event, data;
};

class SseClient {
 public:
  // Connects and reads the response header; status() is its status.
  // `receive_buffer` > 0 shrinks the socket's receive buffer (SO_RCVBUF),
  // so that a client that stops reading stalls its sender soon.
  SseClient(int port, const std::string& key,
            const std::string& last_event_id = "", int receive_buffer = 0);
  ~SseClient();

  int status() const;
  std::string content_type() const;
  // Reads until `n` events have arrived in all (heartbeats aside) or
  // `timeout` passed; returns every event so far.
  const std::vector<SseEvent>& ReadEvents(size_t n,
                                          std::chrono::milliseconds timeout);
  int heartbeats() const;
  // The reconnection time the stream set with "retry:", 0 if none.
  int retry_ms() const;
  // The server ended the stream properly (its last chunk came).
  bool ended() const;
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_SSE_CLIENT_H_
