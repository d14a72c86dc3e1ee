#include "services/review/comment_posts.h"

#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "services/review/events.h"

namespace briefdesk::review {
namespace {

using Source = briefs::v1::CommentThread;

events::v1::Event Posted(Source::Source source, const std::string& source_id,
                         const std::string& brief_id, int revision, int round,
                         const std::string& expert, bool named,
                         const google::protobuf::Timestamp& time) {
  // The service posts them: the expert is not told of their own comments.
  events::v1::Event e = outbox::NewEvent(events::v1::COMMENTS_POSTED, brief_id,
                                         rpc::kReviewService);
  auto* posted = e.mutable_comments_posted();
  posted->set_source(source);
  posted->set_source_id(source_id);
  posted->set_revision(revision);
  posted->set_round(round);
  posted->set_expert_id(expert);
  posted->set_expert_named(named);
  *posted->mutable_create_time() = time;
  return e;
}

}  // namespace

void PostReviewComments(ReviewTx& tx, const ReviewDeps& d,
                        const v1::Review& review, outbox::Written* written) {
  if (review.comments().empty()) return;
  events::v1::Event e =
      Posted(Source::REVIEW, review.id(), review.brief_id(), review.revision(),
             review.round(), review.reviewer_id(), d.config.open_reviews,
             review.create_time());
  *e.mutable_comments_posted()->mutable_comments() = review.comments();
  Publish(tx, d, e, written);
}

void PostFeedbackComments(ReviewTx& tx, const ReviewDeps& d,
                          const v1::FeedbackRequest& answered,
                          outbox::Written* written) {
  if (answered.comments().empty()) return;
  // Guidance is signed: the authors know who mentors them.
  events::v1::Event e = Posted(
      Source::FEEDBACK, answered.id(), answered.brief_id(), answered.revision(),
      0, answered.expert_id(), true, answered.answer_time());
  *e.mutable_comments_posted()->mutable_comments() = answered.comments();
  Publish(tx, d, e, written);
}

absl::StatusOr<int> PostEarlierReviews(const ReviewDeps& d, int batch) {
  int posted = 0;
  absl::Status s = Transact(d.pool, [&](ReviewTx& tx) {
    posted = 0;
    for (const v1::Review& r : tx.ReviewsToPost(batch)) {
      PostReviewComments(tx, d, r, nullptr);
      tx.MarkCommentsPosted(r.id());
      ++posted;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (posted > 0) d.wake();
  return posted;
}

}  // namespace briefdesk::review
