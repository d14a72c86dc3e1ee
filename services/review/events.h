// The review.* events, and who is sent which: the briefs service acts only
// on claims and on rounds (review.claimed, review.round_requeued,
// review.round_completed); every other destination gets them all.
#ifndef BRIEFDESK_SERVICES_REVIEW_EVENTS_H_
#define BRIEFDESK_SERVICES_REVIEW_EVENTS_H_

#include <string>
#include <vector>

#include "briefdesk/review/v1/review.pb.h"
#include "services/review/review_deps.h"
#include "services/review/store.h"

namespace briefdesk::review {

// Writes a review.* task event caused by `expert` (the rows go to
// `written` when given).
void Announce(ReviewTx& tx, const ReviewDeps& d, events::v1::EventType type,
              const v1::Task& t, const std::string& expert,
              bool first_of_round = false, outbox::Written* written = nullptr);
// The same for what the service itself did (an expiry, a reminder, an
// alert): the expert is named, but the actor is the service, so the expert
// is told of it.
void AnnounceBySystem(ReviewTx& tx, const ReviewDeps& d,
                      events::v1::EventType type, const v1::Task& t,
                      const std::string& expert,
                      outbox::Written* written = nullptr);
// Any event, to its recipients.
void Publish(ReviewTx& tx, const ReviewDeps& d, const events::v1::Event& e,
             outbox::Written* written);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_EVENTS_H_
