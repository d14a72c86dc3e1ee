// The review service's configuration (docs/configuration.md).
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEW_CONFIG_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEW_CONFIG_H_

#include <chrono>
#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace briefdesk::review {

struct ReviewConfig {
  int reviews_per_round = 1;             // BRIEFDESK_REVIEWS_PER_ROUND
  std::map<std::string, int> per_topic;  // BRIEFDESK_REVIEWS_PER_ROUND_BY_TOPIC
  std::chrono::seconds lease{3600};      // BRIEFDESK_LEASE_SECONDS
  int max_open_claims = 3;               // BRIEFDESK_MAX_OPEN_CLAIMS
  bool open_reviews = false;             // BRIEFDESK_OPEN_REVIEWS
  std::chrono::milliseconds sweep{1000};     // BRIEFDESK_LEASE_SWEEP_MS
  std::chrono::seconds reconcile{30};        // BRIEFDESK_RECONCILE_SECONDS
  std::chrono::seconds lease_reminder{600};  // BRIEFDESK_LEASE_REMINDER_SECONDS
  std::chrono::seconds queue_alert{3 * 86400};  // BRIEFDESK_QUEUE_ALERT_SECONDS
  // Guidance: a claim's lease, and how long a participant's mentor alone
  // is offered their requests before every expert of the course is.
  std::chrono::seconds feedback_lease{
      7200};                            // BRIEFDESK_FEEDBACK_LEASE_SECONDS
  std::chrono::hours mentor_first{48};  // BRIEFDESK_FEEDBACK_MENTOR_HOURS

  int ReviewsFor(const std::string& topic) const {
    auto it = per_topic.find(topic);
    return it == per_topic.end() ? reviews_per_round : it->second;
  }

  static absl::StatusOr<ReviewConfig> FromEnv();
};

// "social-protection=2,skills=3" to a map; INVALID_ARGUMENT on bad entries.
absl::StatusOr<std::map<std::string, int>> ParseTopicCounts(
    const std::string& text);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEW_CONFIG_H_
