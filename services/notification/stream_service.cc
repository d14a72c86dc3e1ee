// The Stream RPC on gRPC's callback API: a reactor per open stream, an
// adapter between gRPC and OpenStream (open_stream.h), which holds the
// rules. No thread waits for a stream's next notification.
#include <grpcpp/support/server_callback.h>

#include "libs/rpc/rpc.h"
#include "services/notification/notification_service.h"
#include "services/notification/open_stream.h"

namespace briefdesk::notification {
namespace {

class StreamReactor final : public grpc::ServerWriteReactor<v1::StreamItem>,
                            public StreamWriter {
 public:
  // Without a principal the call ends UNAUTHENTICATED at once.
  StreamReactor(const rpc::Principal& principal,
                const v1::StreamRequest& request, StreamSource* source,
                Hub* hub, const Executor& executor) {
    if (principal.user_id().empty()) {
      Finish(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no principal"));
      return;
    }
    // Last-Event-ID resumes after that id ("0": from the start); without
    // it, only what comes from now on.
    std::optional<int64_t> after;
    if (request.has_after_sequence()) {
      after = std::max<int64_t>(request.after_sequence(), 0);
    }
    stream_ = std::make_shared<OpenStream>(principal.user_id(), after, source,
                                           hub, executor, this);
    stream_->Start();
  }

  void Send(const v1::StreamItem* item) override { StartWrite(item); }
  void End(const absl::Status& status) override {
    Finish(rpc::ToGrpcStatus(status));
  }

  void OnWriteDone(bool ok) override { stream_->Written(ok); }
  void OnCancel() override {
    if (stream_) stream_->Cancel();
  }
  void OnDone() override { delete this; }

 private:
  std::shared_ptr<OpenStream> stream_;
};

}  // namespace

grpc::ServerWriteReactor<v1::StreamItem>* NotificationService::Stream(
    grpc::CallbackServerContext* ctx, const v1::StreamRequest* req) {
  return new StreamReactor(rpc::PrincipalFrom(*ctx), *req, streams_, hub_,
                           executor_);
}

}  // namespace briefdesk::notification
