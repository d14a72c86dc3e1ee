#include "services/gateway/grpc_backends.h"

#include <mutex>

#include "libs/rpc/rpc.h"
#include "services/gateway/notification_watch.h"

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
  if (!md.user_agent.empty())
    ctx->AddMetadata(rpc::kUserAgentKey, md.user_agent);
}

}  // namespace

GrpcBackends::GrpcBackends(const std::map<std::string, std::string>& targets,
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
    watcher_ = std::make_shared<NotificationWatcher>(notifications_.get());
  }
}

// The request id stays in the gateway's log: the stream rides on a call
// that many requests share.
std::shared_ptr<EventStream> GrpcBackends::OpenNotificationStream(
    const directory::v1::Principal& principal, const std::string&,
    std::optional<int64_t> after_sequence) {
  return watcher_->Open(principal.user_id(), after_sequence);
}

GrpcBackends::Backend* GrpcBackends::For(const std::string& service) {
  auto it = by_service_.find(service);
  return it == by_service_.end() ? nullptr : it->second.get();
}

void GrpcBackends::CallWithEffects(const std::string& service,
                                   const std::string& rpc, std::string request,
                                   const CallMetadata& md,
                                   DoneWithEffects done) {
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

void GrpcBackends::Authenticate(
    const std::string& api_key, const std::string& request_id,
    std::function<void(const grpc::Status&, directory::v1::Principal)> done) {
  directory::v1::AuthenticateRequest request;
  request.set_api_key(api_key);
  Resolve(&directory::v1::Directory::Stub::async_interface::Authenticate,
          std::move(request), request_id, std::move(done));
}

void GrpcBackends::AuthenticateSession(
    const std::string& session_token, const std::string& request_id,
    std::function<void(const grpc::Status&, directory::v1::Principal)> done) {
  directory::v1::AuthenticateSessionRequest request;
  request.set_session_token(session_token);
  Resolve(&directory::v1::Directory::Stub::async_interface::AuthenticateSession,
          std::move(request), request_id, std::move(done));
}

template <typename Request>
void GrpcBackends::Resolve(
    void (directory::v1::Directory::Stub::async_interface::*rpc)(
        grpc::ClientContext*, const Request*, directory::v1::Principal*,
        std::function<void(grpc::Status)>),
    Request request, const std::string& request_id,
    std::function<void(const grpc::Status&, directory::v1::Principal)> done) {
  struct State {
    grpc::ClientContext ctx;
    Request request;
    directory::v1::Principal response;
  };
  auto state = std::make_shared<State>();
  state->request = std::move(request);
  CallMetadata md;
  md.request_id = request_id;
  Prepare(&state->ctx, md, timeout_);
  (directory_->async()->*rpc)(&state->ctx, &state->request, &state->response,
                              [state, done = std::move(done)](grpc::Status s) {
                                done(s, std::move(state->response));
                              });
}

void GrpcBackends::CheckHealth(std::function<void(bool, std::string)> done) {
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
