// Reviews: completing a claimed task with a decision, scores and anchored
// comments, and reading reviews back (anonymous to authors unless reviews
// are open).
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEWS_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEWS_H_

#include <optional>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// The checks of a review before anything is read (review_checks.cc; its
// comments' quotes: comment_checks.h).
absl::Status ValidateReview(const v1::CompleteRequest& req);

class Reviews {
 public:
  explicit Reviews(const ReviewDeps& deps) : d_(deps) {}

  // `req` normalized as the sections its quotes must match are.
  // `*applied`: whether the briefs service applied the review (the round's
  // outcome) before the answer.
  absl::StatusOr<v1::Review> Complete(const directory::v1::Principal& p,
                                      const v1::CompleteRequest& req,
                                      std::optional<bool>* applied);
  absl::StatusOr<v1::ListBriefReviewsResponse> OfBrief(
      const directory::v1::Principal& p,
      const v1::ListBriefReviewsRequest& req);
  absl::StatusOr<v1::ListMyReviewsResponse> Mine(
      const directory::v1::Principal& p, const v1::ListMyReviewsRequest& req);

 private:
  // The quotes, against the revision of the task the expert holds.
  absl::Status CheckQuotesOfTask(const std::string& expert,
                                 const v1::CompleteRequest& req);
  // The review stored; whether it concluded the round.
  absl::Status Store(ReviewTx& tx, const std::string& expert,
                     const v1::CompleteRequest& req, v1::Review* out,
                     bool* concluded, outbox::Written* written);

  const ReviewDeps& d_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEWS_H_
