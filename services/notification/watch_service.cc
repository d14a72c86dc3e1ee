// The Watch RPC: one call carries many people's streams (the gateway's
// Server-Sent-Event clients), so that an idle stream costs no call of its
// own. Each watch is an OpenStream (open_stream.h, the same rules as
// Stream) whose writer queues its items on the call. The call has one
// write outstanding; a watch's next item waits for the caller's `next`, so
// the queue holds at most an item and an end per watch.
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <unordered_map>

#include "libs/rpc/rpc.h"
#include "services/notification/notification_service.h"
#include "services/notification/open_stream.h"

namespace briefdesk::notification {
namespace {

class WatchReactor;

// One watch: its stream, and the stream's writer on the call.
struct Watch final : StreamWriter {
  Watch(WatchReactor* call, uint64_t id) : call(call), id(id) {}
  void Send(const v1::StreamItem* item) override;
  void End(const absl::Status& status) override;

  WatchReactor* const call;
  const uint64_t id;
  std::shared_ptr<OpenStream> stream;
  bool sent = false;    // an item waits for the caller's `next`
  bool closed = false;  // the caller closed it, or the call ends
};

// Tells the call of the hub's Stop. The hub holds it; the call detaches it
// before it goes.
class DrainHook final : public Hub::Subscriber {
 public:
  explicit DrainHook(WatchReactor* call) : call_(call) {}
  void Wake() override {}
  void Beat() override {}
  void Stop() override;
  void Detach() {
    std::lock_guard lock(mu_);
    call_ = nullptr;
  }

 private:
  // Held while the call closes, so that it cannot go meanwhile; recursive,
  // should the call end on this very thread.
  std::recursive_mutex mu_;
  WatchReactor* call_;
};

class WatchReactor final
    : public grpc::ServerBidiReactor<v1::WatchRequest, v1::WatchItem> {
 public:
  WatchReactor(StreamSource* source, Hub* hub, Executor executor)
      : source_(source),
        hub_(hub),
        executor_(std::move(executor)),
        hook_(std::make_shared<DrainHook>(this)) {
    // The call joins the hub under the empty name, which no write names:
    // it hears only Stop.
    if (!hub_->Add("", hook_)) {
      finished_ = true;
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the notification service is stopping"));
      return;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override {
    hook_->Detach();
    hub_->Remove("", hook_.get());
    delete this;
  }

  // From the watches' streams, on any thread.
  void Queue(Watch* watch, const v1::StreamItem& item);
  void Ended(uint64_t id, const absl::Status& status);
  // Ends every watch, then the call once what is queued is written.
  void Close();

 private:
  void Open(uint64_t id, const v1::WatchOpen& open);
  void Next(uint64_t id);
  void CloseWatch(uint64_t id);
  // Starts the next write, or finishes a closing call with nothing left.
  // Called with the lock held; returns with it released.
  void Pump(std::unique_lock<std::mutex>& lock);

  StreamSource* source_;
  Hub* hub_;
  Executor executor_;
  std::shared_ptr<DrainHook> hook_;
  v1::WatchRequest request_;

  std::mutex mu_;
  std::unordered_map<uint64_t, std::unique_ptr<Watch>> watches_;
  std::deque<v1::WatchItem> queue_;
  v1::WatchItem out_;  // being written
  bool writing_ = false;
  bool closing_ = false;
  bool broken_ = false;  // no write can succeed any more
  bool finished_ = false;
};

void Watch::Send(const v1::StreamItem* item) { call->Queue(this, *item); }

void Watch::End(const absl::Status& status) { call->Ended(id, status); }

void DrainHook::Stop() {
  std::lock_guard lock(mu_);
  if (call_ != nullptr) call_->Close();
}

void WatchReactor::OnReadDone(bool ok) {
  if (!ok) return Close();  // the caller is done, or the call broke
  v1::WatchRequest request = std::move(request_);
  StartRead(&request_);
  switch (request.action_case()) {
    case v1::WatchRequest::kOpen:
      return Open(request.watch(), request.open());
    case v1::WatchRequest::kNext:
      return Next(request.watch());
    case v1::WatchRequest::kClose:
      return CloseWatch(request.watch());
    default:
      return;  // nothing asked
  }
}

void WatchReactor::Open(uint64_t id, const v1::WatchOpen& open) {
  std::optional<int64_t> after;
  if (open.has_after_sequence()) {
    after = std::max<int64_t>(open.after_sequence(), 0);
  }
  std::unique_lock lock(mu_);
  if (closing_ || watches_.count(id) > 0) return;  // a number in use: ignored
  if (open.user_id().empty()) {
    v1::WatchItem& end = queue_.emplace_back();
    end.set_watch(id);
    end.mutable_end()->set_code(grpc::StatusCode::UNAUTHENTICATED);
    end.mutable_end()->set_message("no principal");
    return Pump(lock);
  }
  auto watch = std::make_unique<Watch>(this, id);
  auto stream = std::make_shared<OpenStream>(open.user_id(), after, source_,
                                             hub_, executor_, watch.get());
  watch->stream = stream;
  watches_.emplace(id, std::move(watch));
  lock.unlock();
  stream->Start();
}

void WatchReactor::Next(uint64_t id) {
  std::unique_lock lock(mu_);
  auto it = watches_.find(id);
  if (it == watches_.end() || !it->second->sent) return;
  it->second->sent = false;
  auto stream = it->second->stream;
  lock.unlock();
  stream->Written(true);
}

void WatchReactor::CloseWatch(uint64_t id) {
  std::unique_lock lock(mu_);
  auto it = watches_.find(id);
  if (it == watches_.end() || it->second->closed) return;
  Watch* w = it->second.get();
  w->closed = true;
  bool sent = std::exchange(w->sent, false);
  auto stream = w->stream;
  lock.unlock();
  // An item waiting for `next` never gets it: that write failed.
  sent ? stream->Written(false) : stream->Cancel();
}

void WatchReactor::Queue(Watch* watch, const v1::StreamItem& item) {
  std::unique_lock lock(mu_);
  if (watch->closed || broken_) {  // nobody will say `next`
    auto stream = watch->stream;
    lock.unlock();
    return stream->Written(false);
  }
  watch->sent = true;
  v1::WatchItem& out = queue_.emplace_back();
  out.set_watch(watch->id);
  *out.mutable_item() = item;
  Pump(lock);
}

void WatchReactor::Ended(uint64_t id, const absl::Status& status) {
  std::unique_lock lock(mu_);
  auto node = watches_.extract(id);
  if (!broken_) {
    v1::WatchItem& end = queue_.emplace_back();
    end.set_watch(id);
    end.mutable_end()->set_code(static_cast<int>(status.code()));
    end.mutable_end()->set_message(std::string(status.message()));
  }
  Pump(lock);
}

void WatchReactor::Close() {
  std::vector<std::pair<std::shared_ptr<OpenStream>, bool>> open;
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    for (auto& [id, w] : watches_) {
      if (w->closed) continue;
      w->closed = true;
      open.emplace_back(w->stream, std::exchange(w->sent, false));
    }
  }
  for (auto& [stream, sent] : open)
    sent ? stream->Written(false) : stream->Cancel();
  std::unique_lock lock(mu_);
  Pump(lock);
}

void WatchReactor::OnCancel() {
  {
    std::lock_guard lock(mu_);
    broken_ = true;
    queue_.clear();
  }
  Close();
}

void WatchReactor::OnWriteDone(bool ok) {
  std::unique_lock lock(mu_);
  writing_ = false;
  if (!ok) {
    broken_ = true;
    queue_.clear();
    lock.unlock();
    return Close();
  }
  Pump(lock);
}

void WatchReactor::Pump(std::unique_lock<std::mutex>& lock) {
  if (finished_ || writing_) return lock.unlock();
  if (!queue_.empty()) {
    out_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    return StartWrite(&out_);
  }
  if (!closing_ || !watches_.empty()) return lock.unlock();
  finished_ = true;
  lock.unlock();
  Finish(grpc::Status::OK);
}

// Refuses a Watch call at once.
class Refusal final
    : public grpc::ServerBidiReactor<v1::WatchRequest, v1::WatchItem> {
 public:
  explicit Refusal(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerBidiReactor<v1::WatchRequest, v1::WatchItem>*
NotificationService::Watch(grpc::CallbackServerContext* ctx) {
  // The caller vouches for the people it opens watches for: only a
  // service may (the gateway, which authenticated them).
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (p.user_id().empty()) {
    return new Refusal(
        grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no principal"));
  }
  if (!rpc::IsServicePrincipal(p.user_id())) {
    return new Refusal(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                    "Watch is for services"));
  }
  return new WatchReactor(streams_, hub_, executor_);
}

}  // namespace briefdesk::notification
