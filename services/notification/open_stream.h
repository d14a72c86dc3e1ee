// One person's open stream of notifications, as rules without I/O: the
// database behind a StreamSource, the RPC behind a StreamWriter, blocking
// reads handed to an Executor (a small worker pool). The stream is
// established from its starting point (Last-Event-ID, or the latest
// notification) and says so with a first empty item; then it sends the
// person's notifications in sequence order, and heartbeats when asked.
//
// Memory stays bounded whatever the reader does: one write outstanding,
// and at most one batch read from the database; a slow reader slows only
// its own stream. An idle stream holds no thread and no buffer.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_OPEN_STREAM_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_OPEN_STREAM_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "services/notification/hub.h"

namespace briefdesk::notification {

// What streams read (stream_store.h; a fake in tests).
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // The person's latest sequence, 0 when they have none.
  virtual absl::StatusOr<int64_t> Latest(const std::string& user) = 0;
  // The person's notifications after `sequence`, in order, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::Notification>> After(
      const std::string& user, int64_t sequence, int limit) = 0;

  // Whose notifications were written after `sequence` (any replica's), and
  // the greatest sequence among them (`sequence` when none).
  struct Written {
    std::vector<std::string> users;
    int64_t last = 0;
  };
  virtual absl::StatusOr<Written> WrittenSince(int64_t sequence) = 0;
  // The greatest sequence of anyone's notifications, 0 when none.
  virtual absl::StatusOr<int64_t> Newest() = 0;
};

// Where a stream's items go: the RPC (stream_service.cc).
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Starts writing `item`, which stays unchanged until OpenStream::Written.
  // Never called while a write is outstanding.
  virtual void Send(const v1::StreamItem* item) = 0;
  // Ends the RPC, once, with no write outstanding; nothing follows.
  virtual void End(const absl::Status& status) = 0;
};

// Runs blocking work off the RPC's threads.
using Executor = std::function<void(std::function<void()>)>;

class OpenStream final : public Hub::Subscriber,
                         public std::enable_shared_from_this<OpenStream> {
 public:
  static constexpr int kBatch = 100;  // notifications read at once

  // From `after` (Last-Event-ID; 0: from the start), or from the latest
  // notification when it is absent. `writer` outlives the stream's End.
  OpenStream(std::string user, std::optional<int64_t> after,
             StreamSource* source, Hub* hub, Executor executor,
             StreamWriter* writer);

  // Joins the hub and finds the starting point.
  void Start();
  // The write in progress completed (`ok`: the client got it).
  void Written(bool ok);
  // The client went away.
  void Cancel();

  void Wake() override;
  void Beat() override;
  void Stop() override;

 private:
  // What to do after a change, decided under the lock, done outside it (a
  // write may complete on another thread before Send returns).
  struct Step {
    bool read = false;
    const v1::StreamItem* send = nullptr;
    std::optional<absl::Status> end;
  };
  Step NextStep();
  void Take(Step step);
  void EndWith(absl::Status status);  // under the lock
  void Begin();                       // on the executor
  void Read();                        // on the executor

  const std::string user_;
  const std::optional<int64_t> after_;
  StreamSource* source_;
  Hub* hub_;
  Executor executor_;
  StreamWriter* writer_;

  std::mutex mu_;
  int64_t last_ = 0;  // the sequence of the last notification read
  std::vector<v1::Notification> batch_;  // read, not yet sent
  size_t next_ = 0;                      // in batch_
  v1::StreamItem item_;                  // being written
  bool opened_ = false;                  // the starting point is known
  bool beat_ = false;     // a heartbeat (or the confirmation) is due
  bool dirty_ = false;    // notifications may follow last_
  bool reading_ = false;  // a read is queued or running
  bool writing_ = false;
  bool ending_ = false;
  bool ended_ = false;
  absl::Status end_status_;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_OPEN_STREAM_H_
