// Comment threads (comments.proto): the comments the review service posts
// (comments.posted) become threads; the brief's authors and the comment's
// expert reply, the authors resolve with a note, and the other side is
// told (comment.replied, comment.resolved). A review comment's expert is
// named only to editors, admins and that expert unless the review service
// posted it as named (guidance, open reviews).
#ifndef BRIEFDESK_SERVICES_BRIEFS_COMMENTS_H_
#define BRIEFDESK_SERVICES_BRIEFS_COMMENTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/comments.pb.h"
#include "briefdesk/events/v1/events.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Comments {
 public:
  Comments(Database* db, EventRouting events)
      : db_(db), events_(std::move(events)) {}

  absl::StatusOr<v1::ListCommentsResponse> List(
      const rpc::Principal& p, const v1::ListCommentsRequest& req);
  absl::StatusOr<v1::CommentThread> Reply(const rpc::Principal& p,
                                          const v1::ReplyToCommentRequest& req);
  absl::StatusOr<v1::CommentThread> Resolve(
      const rpc::Principal& p, const v1::ResolveCommentRequest& req);

 private:
  Database* db_;
  EventRouting events_;
};

// comments.posted, in the unit of work that marks the event applied; the
// expert of a guidance comment may see the brief from then on.
absl::Status StorePostedComments(Tx& tx, const events::v1::Event& e);
// The brief's threads (at most 1000) as `p` sees them: an expert not named
// to the authors left out.
std::vector<v1::CommentThread> ThreadsSeenBy(Tx& tx, const rpc::Principal& p,
                                             const std::string& brief_id);
// `expert`'s threads on the brief, for the material of their next claim.
std::vector<v1::CommentThread> ThreadsOfExpert(Tx& tx,
                                               const std::string& brief_id,
                                               const std::string& expert);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COMMENTS_H_
