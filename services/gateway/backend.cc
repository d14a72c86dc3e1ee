#include "services/gateway/backend.h"

#include <google/protobuf/util/json_util.h>

#include <atomic>
#include <mutex>

#include "libs/rpc/rpc.h"

namespace briefdesk::gateway {
namespace {

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const auto& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

void Prepare(grpc::ClientContext* ctx, const CallMetadata& md,
             std::chrono::milliseconds timeout) {
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
  if (md.principal != nullptr) rpc::AttachPrincipal(*md.principal, ctx);
  if (!md.request_id.empty())
    ctx->AddMetadata(rpc::kRequestIdKey, md.request_id);
  if (!md.idempotency_key.empty()) {
    ctx->AddMetadata(rpc::kIdempotencyKey, md.idempotency_key);
  }
}

}  // namespace

Backends::Backends(const std::map<std::string, std::string>& targets,
                   std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  for (const auto& [service, target] : targets) {
    auto& b = by_target_[target];
    if (!b) {
      b = std::make_shared<Backend>();
      b->target = target;
      b->channel = rpc::NewChannel(target);
      b->stub = std::make_unique<grpc::GenericStub>(b->channel);
    }
    by_service_[service] = b;
  }
  directory_ = directory::v1::Directory::NewStub(
      For("briefdesk.directory.v1.Directory")->channel);
  if (Backend* n = For("briefdesk.notification.v1.Notifications")) {
    notifications_ = notification::v1::Notifications::NewStub(n->channel);
  }
}

namespace {

constexpr int kReconnectMs = 3000;

// One SSE stream: a gRPC read reactor that keeps itself alive until OnDone.
class GrpcEventStream final
    : public EventStream,
      public grpc::ClientReadReactor<notification::v1::StreamItem>,
      public std::enable_shared_from_this<GrpcEventStream> {
 public:
  GrpcEventStream(notification::v1::Notifications::Stub* stub,
                  const directory::v1::Principal& principal,
                  const std::string& request_id, std::optional<int64_t> after)
      : stub_(stub) {
    CallMetadata md;
    md.principal = &principal;
    md.request_id = request_id;
    // A stream lives an hour at most; clients reconnect with Last-Event-ID.
    Prepare(&ctx_, md, std::chrono::hours(1));
    if (after) request_.set_after_sequence(*after);
  }

  void Open(std::function<void(const grpc::Status&)> ready) override {
    ready_ = std::move(ready);
    self_ = shared_from_this();  // released in OnDone
    stub_->async()->Stream(&ctx_, &request_, this);
    StartRead(&item_);
    StartCall();
  }

  void Start(std::function<void(std::string)> on_chunk,
             std::function<void()> on_end) override {
    std::unique_lock lock(mu_);
    if (ended_) {  // ended before the HTTP side began
      lock.unlock();
      on_end();
      return;
    }
    on_chunk_ = on_chunk;
    on_end_ = std::move(on_end);
    std::string first = std::move(pending_);
    lock.unlock();
    on_chunk(std::move(first));  // the confirming heartbeat
  }
  void Next() override { StartRead(&item_); }
  void Cancel() override { ctx_.TryCancel(); }

  void OnReadDone(bool ok) override {
    std::unique_lock lock(mu_);
    if (!ok) return;  // the stream ended; OnDone follows
    if (!opened_) {   // the service's first item: the stream is established
      opened_ = true;
      // The first frame also tells EventSource how long to wait before it
      // reconnects (with Last-Event-ID) when the connection drops.
      pending_ =
          "retry: " + std::to_string(kReconnectMs) + "\n\n" + Frame(item_);
      // Moved out: the callback may hold this stream, and must not keep it.
      auto ready = std::move(ready_);
      ready_ = nullptr;
      lock.unlock();
      ready(grpc::Status::OK);
      return;
    }
    lock.unlock();
    on_chunk_(Frame(item_));
  }
  void OnDone(const grpc::Status& status) override {
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
    self_.reset();
  }

 private:
  static std::string Frame(const notification::v1::StreamItem& item) {
    if (!item.has_notification()) return ": heartbeat\n\n";
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(item.notification(),
                                                      &json);
    return "id: " + std::to_string(item.notification().sequence()) +
           "\nevent: " + item.notification().event() + "\ndata: " + json +
           "\n\n";
  }

  notification::v1::Notifications::Stub* stub_;
  grpc::ClientContext ctx_;
  notification::v1::StreamRequest request_;
  notification::v1::StreamItem item_;
  std::function<void(const grpc::Status&)> ready_;
  std::function<void(std::string)> on_chunk_;
  std::function<void()> on_end_;
  std::mutex mu_;
  bool opened_ = false, ended_ = false;
  std::string pending_;  // the first frame, until the HTTP side starts
  std::shared_ptr<GrpcEventStream> self_;
};

}  // namespace

std::shared_ptr<EventStream> Backends::OpenNotificationStream(
    const directory::v1::Principal& principal, const std::string& request_id,
    std::optional<int64_t> after_sequence) {
  return std::make_shared<GrpcEventStream>(notifications_.get(), principal,
                                           request_id, after_sequence);
}

Backends::Backend* Backends::For(const std::string& service) {
  auto it = by_service_.find(service);
  return it == by_service_.end() ? nullptr : it->second.get();
}

void Backends::Call(const std::string& service, const std::string& rpc,
                    std::string request, const CallMetadata& md, Done done) {
  CallWithEffects(
      service, rpc, std::move(request), md,
      [done = std::move(done)](const grpc::Status& s, std::string bytes,
                               std::string) { done(s, std::move(bytes)); });
}

void Backends::CallWithEffects(const std::string& service,
                               const std::string& rpc, std::string request,
                               const CallMetadata& md, DoneWithEffects done) {
  Backend* b = For(service);
  if (b == nullptr) {
    done(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no backend"), "", "");
    return;
  }
  struct State {
    grpc::ClientContext ctx;
    grpc::ByteBuffer request, response;
    DoneWithEffects done;
  };
  auto state = std::make_shared<State>();
  state->request = ToBuffer(request);
  state->done = std::move(done);
  Prepare(&state->ctx, md, timeout_);
  b->stub->UnaryCall(
      &state->ctx, rpc, grpc::StubOptions(), &state->request, &state->response,
      [state](grpc::Status status) {
        std::string effects;
        const auto& trailers = state->ctx.GetServerTrailingMetadata();
        auto it = trailers.find(rpc::kEffectsKey);
        if (it != trailers.end())
          effects.assign(it->second.data(), it->second.size());
        state->done(status,
                    status.ok() ? FromBuffer(state->response) : std::string(),
                    std::move(effects));
      });
}

void Backends::Authenticate(
    const std::string& api_key, const std::string& request_id,
    std::function<void(const grpc::Status&, directory::v1::Principal)> done) {
  struct State {
    grpc::ClientContext ctx;
    directory::v1::AuthenticateRequest request;
    directory::v1::Principal response;
  };
  auto state = std::make_shared<State>();
  state->request.set_api_key(api_key);
  CallMetadata md;
  md.request_id = request_id;
  Prepare(&state->ctx, md, timeout_);
  directory_->async()->Authenticate(
      &state->ctx, &state->request, &state->response,
      [state, done = std::move(done)](grpc::Status s) {
        done(s, std::move(state->response));
      });
}

void Backends::CheckHealth(std::function<void(bool, std::string)> done) {
  struct Gather {
    std::mutex mu;
    size_t pending;
    bool all = true;
    std::string detail;
    std::function<void(bool, std::string)> done;
  };
  auto g = std::make_shared<Gather>();
  g->pending = by_target_.size();
  g->done = std::move(done);
  for (const auto& [target, backend] : by_target_) {
    CallMetadata md;
    Backend* b = backend.get();
    std::string name = target;
    auto state = std::make_shared<std::pair<
        grpc::ClientContext, std::pair<grpc::ByteBuffer, grpc::ByteBuffer>>>();
    state->first.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(2));
    state->second.first = ToBuffer("");
    b->stub->UnaryCall(
        &state->first, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
        &state->second.first, &state->second.second,
        [g, state, name](grpc::Status s) {
          // HealthCheckResponse{status: SERVING} is the two bytes 08 01.
          bool serving =
              s.ok() && FromBuffer(state->second.second) == "\x08\x01";
          std::lock_guard lock(g->mu);
          if (!serving) {
            g->all = false;
            g->detail += name + (s.ok() ? " not serving; " : " unreachable; ");
          }
          if (--g->pending == 0) g->done(g->all, g->detail);
        });
  }
}

}  // namespace briefdesk::gateway
