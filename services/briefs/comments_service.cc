#include "services/briefs/comments_service.h"

#include "libs/rpc/rpc.h"
#include "libs/text/normalize.h"

namespace briefdesk::briefs {

CommentsService::Reactor* CommentsService::ListComments(
    Ctx* ctx, const v1::ListCommentsRequest* req,
    v1::ListCommentsResponse* resp) {
  return workers_->Run(ctx, [=, this] {
    v1::ListCommentsRequest in = *req;
    in.clear_expert_id();  // internal: the review material's filter only
    return rpc::Reply(comments_->List(rpc::PrincipalFrom(*ctx), in), resp);
  });
}

CommentsService::Reactor* CommentsService::ReplyToComment(
    Ctx* ctx, const v1::ReplyToCommentRequest* req, v1::CommentThread* resp) {
  return workers_->Run(ctx, [=, this] {
    v1::ReplyToCommentRequest in = *req;
    text::NormalizeStrings(&in);
    return rpc::Reply(comments_->Reply(rpc::PrincipalFrom(*ctx), in), resp);
  });
}

CommentsService::Reactor* CommentsService::ResolveComment(
    Ctx* ctx, const v1::ResolveCommentRequest* req, v1::CommentThread* resp) {
  return workers_->Run(ctx, [=, this] {
    v1::ResolveCommentRequest in = *req;
    text::NormalizeStrings(&in);
    return rpc::Reply(comments_->Resolve(rpc::PrincipalFrom(*ctx), in), resp);
  });
}

}  // namespace briefdesk::briefs
