#include "services/gateway/notification_watch.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <unordered_map>

#include "libs/rpc/rpc.h"
#include "services/gateway/json_printer.h"

namespace briefdesk::gateway {
namespace {

namespace v1 = notification::v1;
using Clock = std::chrono::steady_clock;

constexpr int kReconnectMs = 3000;
// A stream lives an hour at most; its client reconnects with Last-Event-ID.
constexpr auto kStreamLife = std::chrono::hours(1);

std::string Frame(const v1::StreamItem& item) {
  if (!item.has_notification()) return ": heartbeat\n\n";
  std::string json = PrintJson(item.notification(),
                               /*always_print_primitive_fields=*/false);
  return "id: " + std::to_string(item.notification().sequence()) +
         "\nevent: " + item.notification().event() + "\ndata: " + json + "\n\n";
}

}  // namespace

// One watch: the EventStream the HTTP side holds.
class WatchStream final : public EventStream,
                          public std::enable_shared_from_this<WatchStream> {
 public:
  WatchStream(std::shared_ptr<WatchCall> call, uint64_t id, v1::WatchOpen open)
      : call_(std::move(call)), id_(id), open_(std::move(open)) {}

  void Open(std::function<void(const grpc::Status&)> ready) override;
  void Start(std::function<void(std::string)> on_chunk,
             std::function<void()> on_end) override;
  void Next() override;
  void Cancel() override;

  // From the call, one at a time.
  void OnItem(const v1::StreamItem& item);
  void OnEnd(const grpc::Status& status);

 private:
  const std::shared_ptr<WatchCall> call_;
  const uint64_t id_;
  v1::WatchOpen open_;  // until Open sends it
  Clock::time_point opened_at_ = Clock::now();
  std::function<void(const grpc::Status&)> ready_;
  std::function<void(std::string)> on_chunk_;
  std::function<void()> on_end_;
  std::mutex mu_;
  bool opened_ = false, ended_ = false, cancelled_ = false;
  std::string pending_;  // the first frame, until the HTTP side starts
};

// The Watch call: requests (open, next, close) written one at a time from
// a queue, items read one after another and handed to their streams. It
// keeps itself alive until OnDone.
class WatchCall final
    : public grpc::ClientBidiReactor<v1::WatchRequest, v1::WatchItem>,
      public std::enable_shared_from_this<WatchCall> {
 public:
  void Begin(v1::Notifications::Stub* stub);
  // A new watch for `user`, opened by its Open; null once the call ended
  // (open another).
  std::shared_ptr<WatchStream> Add(const std::string& user,
                                   std::optional<int64_t> after);
  void Open(uint64_t id, const v1::WatchOpen& open) {
    Ask(id, [&](v1::WatchRequest& r) { *r.mutable_open() = open; });
  }
  void Next(uint64_t id) {
    Ask(id, [](v1::WatchRequest& r) { r.set_next(true); });
  }
  void Close(uint64_t id) {
    Ask(id, [](v1::WatchRequest& r) { r.set_close(true); });
  }
  // Ends the call; waits up to `wait` for OnDone.
  void End(std::chrono::milliseconds wait);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  void Ask(uint64_t id, const std::function<void(v1::WatchRequest&)>& fill);
  void Queue(v1::WatchRequest request, std::unique_lock<std::mutex>& lock);
  // Once reading ended and no write is in flight, lets OnDone come.
  void MaybeRelease(std::unique_lock<std::mutex>& lock);

  grpc::ClientContext ctx_;
  v1::WatchRequest out_;  // being written
  v1::WatchItem in_;      // being read
  std::mutex mu_;
  std::condition_variable done_cv_;
  std::unordered_map<uint64_t, std::shared_ptr<WatchStream>> streams_;
  std::deque<v1::WatchRequest> queue_;
  uint64_t next_id_ = 1;
  bool writing_ = false;
  bool read_ended_ = false;  // the service ended the call: no more writes
  bool released_ = false;
  bool done_ = false;
  std::shared_ptr<WatchCall> self_;  // until OnDone
};

void WatchCall::Begin(v1::Notifications::Stub* stub) {
  // The service trusts the gateway to have authenticated each person; the
  // call itself is the gateway's. It has no deadline: it lives as long as
  // its streams might (each ends after kStreamLife).
  rpc::Principal self;
  self.set_user_id(rpc::kGatewayService);
  rpc::AttachPrincipal(self, &ctx_);
  self_ = shared_from_this();
  stub->async()->Watch(&ctx_, this);
  StartRead(&in_);
  AddHold();  // writes start and stop as requests come: hold the call open
  StartCall();
}

std::shared_ptr<WatchStream> WatchCall::Add(const std::string& user,
                                            std::optional<int64_t> after) {
  v1::WatchOpen open;
  open.set_user_id(user);
  if (after) open.set_after_sequence(*after);
  std::lock_guard lock(mu_);
  if (done_ || read_ended_) return nullptr;
  uint64_t id = next_id_++;
  auto stream =
      std::make_shared<WatchStream>(shared_from_this(), id, std::move(open));
  streams_.emplace(id, stream);
  return stream;
}

void WatchCall::Ask(uint64_t id,
                    const std::function<void(v1::WatchRequest&)>& fill) {
  std::unique_lock lock(mu_);
  if (read_ended_ || streams_.count(id) == 0) return;
  v1::WatchRequest r;
  r.set_watch(id);
  fill(r);
  Queue(std::move(r), lock);
}

// Called with the lock held; returns with it released.
void WatchCall::Queue(v1::WatchRequest request,
                      std::unique_lock<std::mutex>& lock) {
  if (writing_) {
    queue_.push_back(std::move(request));
    return lock.unlock();
  }
  writing_ = true;
  out_ = std::move(request);
  lock.unlock();
  StartWrite(&out_);
}

void WatchCall::OnWriteDone(bool ok) {
  std::unique_lock lock(mu_);
  if (!ok) queue_.clear();  // the call is ending: reading ends too
  if (queue_.empty()) {
    writing_ = false;
    return MaybeRelease(lock);
  }
  out_ = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  StartWrite(&out_);
}

void WatchCall::MaybeRelease(std::unique_lock<std::mutex>& lock) {
  if (!read_ended_ || writing_ || released_) return lock.unlock();
  released_ = true;
  lock.unlock();
  RemoveHold();
}

void WatchCall::OnReadDone(bool ok) {
  if (!ok) {  // the service ended the call, or it broke
    std::unique_lock lock(mu_);
    read_ended_ = true;
    queue_.clear();
    return MaybeRelease(lock);
  }
  std::shared_ptr<WatchStream> stream;
  {
    std::lock_guard lock(mu_);
    auto it = streams_.find(in_.watch());
    if (it != streams_.end()) {
      stream = it->second;
      if (in_.has_end()) streams_.erase(it);
    }
  }
  if (stream && in_.has_end()) {
    stream->OnEnd(grpc::Status(static_cast<grpc::StatusCode>(in_.end().code()),
                               in_.end().message()));
  } else if (stream) {
    stream->OnItem(in_.item());
  }
  StartRead(&in_);
}

void WatchCall::OnDone(const grpc::Status& status) {
  std::unordered_map<uint64_t, std::shared_ptr<WatchStream>> streams;
  {
    std::lock_guard lock(mu_);
    done_ = true;
    streams.swap(streams_);
    queue_.clear();
  }
  done_cv_.notify_all();
  grpc::Status ended =
      status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the notification service ended the stream")
                  : status;
  for (auto& [id, stream] : streams) stream->OnEnd(ended);
  self_.reset();  // may be the last reference
}

void WatchCall::End(std::chrono::milliseconds wait) {
  ctx_.TryCancel();
  std::unique_lock lock(mu_);
  done_cv_.wait_for(lock, wait, [this] { return done_; });
}

void WatchStream::Open(std::function<void(const grpc::Status&)> ready) {
  std::unique_lock lock(mu_);
  if (ended_) {  // the call ended first
    lock.unlock();
    ready(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                       "the stream ended before it began"));
    return;
  }
  ready_ = std::move(ready);
  v1::WatchOpen open = std::move(open_);
  open_ = {};
  lock.unlock();
  call_->Open(id_, open);
}

void WatchStream::Start(std::function<void(std::string)> on_chunk,
                        std::function<void()> on_end) {
  std::unique_lock lock(mu_);
  if (ended_) {  // ended before the HTTP side began
    lock.unlock();
    on_end();
    return;
  }
  on_chunk_ = on_chunk;
  on_end_ = std::move(on_end);
  std::string first = std::move(pending_);
  pending_ = {};
  lock.unlock();
  on_chunk(std::move(first));  // the confirming heartbeat
}

void WatchStream::Next() {
  if (Clock::now() - opened_at_ > kStreamLife) return Cancel();
  call_->Next(id_);
}

void WatchStream::Cancel() {
  {
    std::lock_guard lock(mu_);
    if (std::exchange(cancelled_, true)) return;
  }
  call_->Close(id_);  // the service's end follows
}

void WatchStream::OnItem(const v1::StreamItem& item) {
  std::unique_lock lock(mu_);
  if (opened_) {
    bool started = on_chunk_ != nullptr;  // items after the first follow Next
    lock.unlock();
    if (started) on_chunk_(Frame(item));
    return;
  }
  // The service's first item: the stream is established. The first frame
  // also tells EventSource how long to wait before it reconnects (with
  // Last-Event-ID) when the connection drops.
  opened_ = true;
  pending_ = "retry: " + std::to_string(kReconnectMs) + "\n\n" + Frame(item);
  auto ready = std::move(ready_);  // moved out: it may hold this stream
  ready_ = nullptr;
  lock.unlock();
  if (ready) ready(grpc::Status::OK);
}

void WatchStream::OnEnd(const grpc::Status& status) {
  std::unique_lock lock(mu_);
  ended_ = true;
  bool was_open = opened_;
  auto ready = std::move(ready_);
  ready_ = nullptr;
  auto on_end = std::move(on_end_);
  on_end_ = nullptr;
  on_chunk_ = nullptr;
  lock.unlock();
  if (!was_open && ready) {
    ready(status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                     "the stream ended before it began")
                      : status);
  } else if (on_end) {
    on_end();
  }
}

NotificationWatcher::~NotificationWatcher() {
  std::shared_ptr<WatchCall> call;
  {
    std::lock_guard lock(mu_);
    call = std::move(call_);
  }
  if (call) call->End(std::chrono::seconds(2));
}

std::shared_ptr<EventStream> NotificationWatcher::Open(
    const std::string& user, std::optional<int64_t> after_sequence) {
  std::lock_guard lock(mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!call_) {
      call_ = std::make_shared<WatchCall>();
      call_->Begin(stub_);
    }
    if (auto stream = call_->Add(user, after_sequence)) return stream;
    call_.reset();  // it ended: a new one
  }
  return nullptr;
}

}  // namespace briefdesk::gateway
