// The comments and comment_replies tables: threads of the comments experts
// made on a brief, in reviews and in guidance. Every function runs in the
// caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_COMMENT_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_COMMENT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/comments.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// A thread as stored: the expert always (what a caller sees is the
// domain's choice), and whether they are named to the authors.
struct ThreadRow {
  v1::CommentThread thread;
  bool expert_named = false;
};

// Once per comment id (a repeated posting changes nothing); nothing when
// the brief is unknown.
void InsertComment(Tx& tx, const ThreadRow& row);
// With its replies; NOT_FOUND when the brief has no such comment.
absl::StatusOr<ThreadRow> LoadThread(Tx& tx, const std::string& brief_id,
                                     const std::string& comment_id, bool lock);
// A brief's threads, oldest first, after the comment `after` (a position
// "<create micros>/<id>"); only `expert_id`'s when given.
std::vector<ThreadRow> ThreadsOfBrief(Tx& tx, const std::string& brief_id,
                                      const std::string& expert_id,
                                      const std::string& after, int limit);
// The position of a thread, for ThreadsOfBrief's `after`.
std::string ThreadPosition(const v1::CommentThread& thread);
void InsertReply(Tx& tx, const std::string& comment_id,
                 const v1::CommentReply& reply);
void ResolveComment(Tx& tx, const std::string& comment_id,
                    const std::string& by, const std::string& note);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COMMENT_STORE_H_
