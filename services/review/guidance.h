// Guidance while drafting (guidance.proto): requests for feedback go to the
// experts of the brief's course (the participant's mentor alone first), an
// expert claims the oldest they may answer under a lease of its own, and
// answers with a note and anchored comments, which become threads in the
// briefs service. The brief's state never changes. Requests are served
// from PostgreSQL (migrations/0003_guidance.sql says why not Redis).
#ifndef BRIEFDESK_SERVICES_REVIEW_GUIDANCE_H_
#define BRIEFDESK_SERVICES_REVIEW_GUIDANCE_H_

#include <optional>
#include <string>

#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/review/v1/guidance.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// At most this many requests of one brief wait at a time, and an expert
// holds at most this many.
inline constexpr int kMaxWaitingPerBrief = 3;
inline constexpr int kMaxHeldFeedback = 3;

class Guidance {
 public:
  explicit Guidance(const ReviewDeps& deps) : d_(deps) {}

  // guidance.cc: asking, claiming, answering.
  absl::StatusOr<v1::FeedbackRequest> Request(
      const directory::v1::Principal& p, const v1::RequestFeedbackRequest& req,
      const std::string& idempotency_key);
  // An empty response when nothing waits that the caller may answer.
  // `*applied`: whether the briefs service let the expert read the brief
  // before the answer (unset when nothing was claimed).
  absl::StatusOr<v1::ClaimFeedbackResponse> Claim(
      const directory::v1::Principal& p, std::optional<bool>* applied);
  // `*applied`: whether the comments reached the briefs service's threads
  // before the answer.
  absl::StatusOr<v1::FeedbackRequest> Answer(
      const directory::v1::Principal& p, const v1::AnswerFeedbackRequest& req,
      std::optional<bool>* applied);

  // feedback_leases.cc: the lease, cancelling, and reading.
  absl::StatusOr<v1::FeedbackRequest> Renew(
      const directory::v1::Principal& p, const v1::FeedbackLeaseRequest& req);
  absl::StatusOr<v1::FeedbackRequest> Release(
      const directory::v1::Principal& p, const v1::FeedbackLeaseRequest& req);
  absl::StatusOr<v1::FeedbackRequest> Cancel(const directory::v1::Principal& p,
                                             const std::string& id);
  absl::StatusOr<v1::FeedbackRequest> Get(const directory::v1::Principal& p,
                                          const std::string& id);
  absl::StatusOr<v1::ListBriefFeedbackResponse> OfBrief(
      const directory::v1::Principal& p,
      const v1::ListBriefFeedbackRequest& req);
  absl::StatusOr<v1::ListMyFeedbackResponse> Mine(
      const directory::v1::Principal& p, const v1::ListMyFeedbackRequest& req);

 private:
  // The request, locked, held by `expert` under a live lease with `token`.
  absl::StatusOr<FeedbackRow> Held(ReviewTx& tx, const std::string& expert,
                                   const std::string& id,
                                   const std::string& token, int64_t now_us);

  const ReviewDeps& d_;
};

// What the caller may see of a request: the claim token only to its
// claimant (feedback_leases.cc).
v1::FeedbackRequest AsSeenBy(v1::FeedbackRequest r, const std::string& user);
// Microseconds of the service's clock (libs/clock).
int64_t NowMicros();

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_GUIDANCE_H_
