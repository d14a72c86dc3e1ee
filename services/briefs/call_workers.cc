#include "services/briefs/call_workers.h"

#include <grpcpp/server_context.h>

namespace briefdesk::briefs {

grpc::ServerUnaryReactor* CallWorkers::Run(grpc::CallbackServerContext* ctx,
                                           std::function<grpc::Status()> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (!pool_.Post(
          [reactor, work = std::move(work)] { reactor->Finish(work()); })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "stopping"));
  }
  return reactor;
}

}  // namespace briefdesk::briefs
