// Claims: an expert takes the oldest queued task they are eligible for.
//
// Redis decides which task (one atomic script: eligibility, no task handed
// out twice); PostgreSQL records the claim in one short transaction that
// holds nothing across a call to another process, and refuses it past the
// expert's cap or when the task is no longer queued; a claim it refused goes
// back to Redis (nothing was committed, so nothing is undone). The material
// (the brief at the task's revision, its check, the diff) is read from the
// briefs service before the claim commits, so that a claim the expert could
// not be given is never recorded; the only wait after the commit is for the
// briefs service to apply review.claimed (read your writes), one gRPC hop.
#ifndef BRIEFDESK_SERVICES_REVIEW_CLAIMS_H_
#define BRIEFDESK_SERVICES_REVIEW_CLAIMS_H_

#include <optional>

#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

class Claims {
 public:
  explicit Claims(const ReviewDeps& deps) : d_(deps) {}

  // An empty response when no queued task is eligible. `*applied`: whether
  // the briefs service applied the claim before the answer (unset when
  // nothing was claimed).
  absl::StatusOr<v1::ClaimResponse> Claim(const directory::v1::Principal& p,
                                          std::optional<bool>* applied);

 private:
  struct Taken;
  // One task from Redis, checked and recorded; nullopt to try the next.
  absl::StatusOr<std::optional<Taken>> TryOne(const std::string& expert,
                                              const queue::Claimed& c);
  absl::StatusOr<bool> Record(const std::string& expert,
                              const queue::Claimed& c, Taken* taken);

  const ReviewDeps& d_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_CLAIMS_H_
