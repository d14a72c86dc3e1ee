// The comments experts make, of reviews and of answers to requests for
// guidance, go to the briefs service's threads (comments.posted) in the
// transaction that stores them; reviews stored before threads existed are
// posted in batches by the sweeper.
#ifndef BRIEFDESK_SERVICES_REVIEW_COMMENT_POSTS_H_
#define BRIEFDESK_SERVICES_REVIEW_COMMENT_POSTS_H_

#include "absl/status/statusor.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// The comments of `review` (with their ids), to the briefs service.
void PostReviewComments(ReviewTx& tx, const ReviewDeps& d,
                        const v1::Review& review, outbox::Written* written);
// The comments of an answered request (with their ids).
void PostFeedbackComments(ReviewTx& tx, const ReviewDeps& d,
                          const v1::FeedbackRequest& answered,
                          outbox::Written* written);
// Posts up to `batch` reviews stored before threads existed; how many.
absl::StatusOr<int> PostEarlierReviews(const ReviewDeps& d, int batch);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_COMMENT_POSTS_H_
