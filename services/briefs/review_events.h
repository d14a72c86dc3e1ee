// The review service's events as they drive a brief: a claimed task makes
// its expert a reviewer (who may then see the brief) and the first claim of
// a round starts the review; a requeued round goes back to SUBMITTED; a
// completed round concludes it; posted comments become threads. Each event
// is applied once.
#ifndef BRIEFDESK_SERVICES_BRIEFS_REVIEW_EVENTS_H_
#define BRIEFDESK_SERVICES_BRIEFS_REVIEW_EVENTS_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/events/v1/events.pb.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class ReviewEvents {
 public:
  ReviewEvents(Database* db, EventRouting events)
      : db_(db), events_(std::move(events)) {}

  // Applies `batch` in order in one transaction (one commit for a burst of
  // the relay's events). OK when each was applied, a repeat, not for this
  // service, or about a brief that does not exist (logged, never retried
  // forever); any other failure rolls all back, for the caller to retry.
  absl::Status Apply(const std::vector<const events::v1::Event*>& batch);
  absl::Status Apply(const events::v1::Event& e) { return Apply({&e}); }

 private:
  absl::StatusOr<bool> ApplyOne(Tx& tx, const events::v1::Event& e);

  Database* db_;
  EventRouting events_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_REVIEW_EVENTS_H_
