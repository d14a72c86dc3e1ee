// The gateway's gRPC side: one channel per backend address, generic unary
// calls (bytes in, bytes out) with deadlines on the callback API, so no I/O
// thread ever waits on a backend.
#ifndef BRIEFDESK_SERVICES_GATEWAY_GRPC_BACKENDS_H_
#define BRIEFDESK_SERVICES_GATEWAY_GRPC_BACKENDS_H_

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "briefdesk/notification/v1/notification.grpc.pb.h"
#include "services/gateway/backend.h"

namespace briefdesk::gateway {

class NotificationWatcher;  // notification_watch.h

class GrpcBackends final : public Backends {
 public:
  // `targets`: service full name ("briefdesk.briefs.v1.Briefs") to address.
  GrpcBackends(const std::map<std::string, std::string>& targets,
               std::chrono::milliseconds timeout);

  void CallWithEffects(const std::string& service, const std::string& rpc,
                       std::string request, const CallMetadata& md,
                       DoneWithEffects done) override;
  void Authenticate(
      const std::string& api_key, const std::string& request_id,
      std::function<void(const grpc::Status&, directory::v1::Principal)> done)
      override;
  void AuthenticateSession(
      const std::string& session_token, const std::string& request_id,
      std::function<void(const grpc::Status&, directory::v1::Principal)> done)
      override;
  // All streams share one call to the notification service
  // (notification_watch.h).
  std::shared_ptr<EventStream> OpenNotificationStream(
      const directory::v1::Principal& principal, const std::string& request_id,
      std::optional<int64_t> after_sequence) override;
  // grpc.health.v1 Check on every backend.
  void CheckHealth(std::function<void(bool, std::string)> done) override;

 private:
  struct Backend {
    std::string target;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::GenericStub> stub;
  };
  Backend* For(const std::string& service);
  // A directory call that answers a principal (Authenticate*).
  template <typename Request>
  void Resolve(
      void (directory::v1::Directory::Stub::async_interface::*rpc)(
          grpc::ClientContext*, const Request*, directory::v1::Principal*,
          std::function<void(grpc::Status)>),
      Request request, const std::string& request_id,
      std::function<void(const grpc::Status&, directory::v1::Principal)> done);

  std::chrono::milliseconds timeout_;
  std::map<std::string, std::shared_ptr<Backend>> by_target_;
  std::map<std::string, std::shared_ptr<Backend>> by_service_;
  std::unique_ptr<directory::v1::Directory::Stub> directory_;
  std::unique_ptr<notification::v1::Notifications::Stub> notifications_;
  // Every event stream, on one Watch call (declared last: it ends first).
  std::shared_ptr<NotificationWatcher> watcher_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_GRPC_BACKENDS_H_
