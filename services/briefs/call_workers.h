// The threads that run the service's RPCs. The services use gRPC's callback
// API and hand every call here, so no gRPC thread waits on the database and
// no thread is started per call: the synchronous server's pool grows and
// shrinks with the load, starting and ending a thread for most calls under
// concurrency, which cost more than the calls themselves.
#ifndef BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_
#define BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_

#include <grpcpp/support/server_callback.h>

#include <functional>

#include "libs/worker/pool.h"

namespace briefdesk::briefs {

class CallWorkers {
 public:
  // Runs what is queued, then joins, when it goes.
  explicit CallWorkers(int threads) : pool_(threads) {}

  // Runs `work` on a worker and finishes the call with the status it
  // returns (UNAVAILABLE once the workers are stopping). The request and
  // response stay valid until then.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx,
                                std::function<grpc::Status()> work);

 private:
  worker::Pool pool_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_CALL_WORKERS_H_
