// What the gateway asks of the services it fronts: unary calls (bytes in,
// bytes out), authentication, the notification stream and health. An
// interface, so that Gateway::Handle is tested with request values and a
// fake (gateway_test.cc); grpc_backends.h is the one that talks gRPC.
#ifndef BRIEFDESK_SERVICES_GATEWAY_BACKEND_H_
#define BRIEFDESK_SERVICES_GATEWAY_BACKEND_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "briefdesk/directory/v1/directory.pb.h"
#include "services/gateway/event_stream.h"

namespace briefdesk::gateway {

struct CallMetadata {
  const directory::v1::Principal* principal = nullptr;
  std::string request_id;
  std::string idempotency_key;
  // A sign-in's browser (printable ASCII, at most 200 characters).
  std::string user_agent;
};

class Backends {
 public:
  virtual ~Backends() = default;

  // What the service said of the change's effects on other services
  // (rpc::kEffectsKey: "applied", "pending", or "") comes with the answer.
  // The error details stay in the grpc::Status (rpc::FromGrpcStatus reads
  // them back). `done` may run on another thread (a gRPC thread).
  using DoneWithEffects = std::function<void(
      const grpc::Status&, std::string response, std::string effects)>;
  // Calls `rpc` ("/pkg.Service/Method") of `service`
  // ("briefdesk.briefs.v1.Briefs") with the serialized `request`.
  virtual void CallWithEffects(const std::string& service,
                               const std::string& rpc, std::string request,
                               const CallMetadata& md,
                               DoneWithEffects done) = 0;

  using Done = std::function<void(const grpc::Status&, std::string response)>;
  // The same, for a caller that has no use for the effects.
  void Call(const std::string& service, const std::string& rpc,
            std::string request, const CallMetadata& md, Done done) {
    CallWithEffects(
        service, rpc, std::move(request), md,
        [done = std::move(done)](const grpc::Status& s, std::string bytes,
                                 std::string) { done(s, std::move(bytes)); });
  }

  // The principal of an API key; UNAUTHENTICATED when it is unknown or
  // revoked.
  virtual void Authenticate(
      const std::string& api_key, const std::string& request_id,
      std::function<void(const grpc::Status&, directory::v1::Principal)>
          done) = 0;

  // The principal of a web-app session's cookie token, with its
  // session_id; UNAUTHENTICATED when the session ended or expired. Never
  // cached: a signed-out session stops working at once.
  virtual void AuthenticateSession(
      const std::string& session_token, const std::string& request_id,
      std::function<void(const grpc::Status&, directory::v1::Principal)>
          done) = 0;

  // The caller's notifications as SSE frames, after `after_sequence`
  // (0: from the start), or only new ones when it is absent. The first
  // frame carries `retry:` for EventSource.
  virtual std::shared_ptr<EventStream> OpenNotificationStream(
      const directory::v1::Principal& principal, const std::string& request_id,
      std::optional<int64_t> after_sequence) = 0;

  // Health of every backend; `done(all serving, detail)`.
  virtual void CheckHealth(std::function<void(bool, std::string)> done) = 0;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_BACKEND_H_
