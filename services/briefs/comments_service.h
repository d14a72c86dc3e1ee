// The Comments gRPC service, the transport of comments.h: one adapter per
// RPC on a call worker.
#ifndef BRIEFDESK_SERVICES_BRIEFS_COMMENTS_SERVICE_H_
#define BRIEFDESK_SERVICES_BRIEFS_COMMENTS_SERVICE_H_

#include "briefdesk/briefs/v1/comments.grpc.pb.h"
#include "services/briefs/call_workers.h"
#include "services/briefs/comments.h"

namespace briefdesk::briefs {

class CommentsService final : public v1::Comments::CallbackService {
 public:
  CommentsService(Comments* comments, CallWorkers* workers)
      : comments_(comments), workers_(workers) {}

  using Ctx = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* ListComments(Ctx* ctx, const v1::ListCommentsRequest* req,
                        v1::ListCommentsResponse* resp) override;
  Reactor* ReplyToComment(Ctx* ctx, const v1::ReplyToCommentRequest* req,
                          v1::CommentThread* resp) override;
  Reactor* ResolveComment(Ctx* ctx, const v1::ResolveCommentRequest* req,
                          v1::CommentThread* resp) override;

 private:
  Comments* comments_;
  CallWorkers* workers_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COMMENTS_SERVICE_H_
