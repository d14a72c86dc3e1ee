// Leases on claimed tasks: who holds a task under which token, renewals,
// releases, and expiries (DESIGN.md: an expired lease returns the task to
// the queue at its original position; a stale token is refused).
#ifndef BRIEFDESK_SERVICES_REVIEW_LEASES_H_
#define BRIEFDESK_SERVICES_REVIEW_LEASES_H_

#include <optional>
#include <string>

#include "briefdesk/directory/v1/directory.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// Checks that `expert` holds `task` under `token` with a live lease:
// PERMISSION_DENIED if they never held it, FAILED_PRECONDITION if their
// lease expired, the token is stale or the task is no longer claimed.
absl::Status CheckClaim(ReviewTx& tx, const std::string& expert,
                        const v1::Task& task, const std::string& token);

class Leases {
 public:
  explicit Leases(const ReviewDeps& deps) : d_(deps) {}

  absl::StatusOr<v1::Task> Renew(const directory::v1::Principal& p,
                                 const std::string& task_id,
                                 const std::string& token);
  // `*applied`: whether the briefs service applied the change before the
  // answer.
  absl::StatusOr<v1::Task> Release(const directory::v1::Principal& p,
                                   const std::string& task_id,
                                   const std::string& token,
                                   std::optional<bool>* applied);
  // Expired leases back to the queue; returns how many.
  absl::StatusOr<int> ExpireDue();

 private:
  // Puts tasks back in the Redis queue at their positions.
  void Requeue(const std::vector<std::string>& task_ids);

  const ReviewDeps& d_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_LEASES_H_
