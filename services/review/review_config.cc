#include "services/review/review_config.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/config/config.h"

namespace briefdesk::review {

absl::StatusOr<std::map<std::string, int>> ParseTopicCounts(
    const std::string& text) {
  std::map<std::string, int> out;
  for (absl::string_view entry : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<std::string> kv = absl::StrSplit(entry, '=');
    int n = 0;
    if (kv.size() != 2 || kv[0].empty() || !absl::SimpleAtoi(kv[1], &n) ||
        n < 1 || n > 20) {
      return absl::InvalidArgumentError(
          "BRIEFDESK_REVIEWS_PER_ROUND_BY_TOPIC: '" + std::string(entry) +
          "' is not topic=N with N from 1 to 20");
    }
    out[kv[0]] = n;
  }
  return out;
}

absl::StatusOr<ReviewConfig> ReviewConfig::FromEnv() {
  ReviewConfig c;
  auto per_round = config::Int("BRIEFDESK_REVIEWS_PER_ROUND", 1, 1, 20);
  if (!per_round.ok()) return per_round.status();
  c.reviews_per_round = static_cast<int>(*per_round);
  auto topics = ParseTopicCounts(
      config::String("BRIEFDESK_REVIEWS_PER_ROUND_BY_TOPIC", ""));
  if (!topics.ok()) return topics.status();
  c.per_topic = *topics;
  auto lease = config::Int("BRIEFDESK_LEASE_SECONDS", 3600, 1, 7 * 86400);
  if (!lease.ok()) return lease.status();
  c.lease = std::chrono::seconds(*lease);
  auto cap = config::Int("BRIEFDESK_MAX_OPEN_CLAIMS", 3, 1, 100);
  if (!cap.ok()) return cap.status();
  c.max_open_claims = static_cast<int>(*cap);
  std::string open = config::String("BRIEFDESK_OPEN_REVIEWS", "false");
  if (open != "true" && open != "false") {
    return absl::InvalidArgumentError(
        "BRIEFDESK_OPEN_REVIEWS must be true or false");
  }
  c.open_reviews = open == "true";
  auto sweep = config::Int("BRIEFDESK_LEASE_SWEEP_MS", 1000, 10, 600000);
  if (!sweep.ok()) return sweep.status();
  c.sweep = std::chrono::milliseconds(*sweep);
  auto reconcile = config::Int("BRIEFDESK_RECONCILE_SECONDS", 30, 1, 86400);
  if (!reconcile.ok()) return reconcile.status();
  c.reconcile = std::chrono::seconds(*reconcile);
  auto reminder =
      config::Int("BRIEFDESK_LEASE_REMINDER_SECONDS", 600, 0, 7 * 86400);
  if (!reminder.ok()) return reminder.status();
  c.lease_reminder = std::chrono::seconds(*reminder);
  auto alert =
      config::Int("BRIEFDESK_QUEUE_ALERT_SECONDS", 3 * 86400, 1, 365 * 86400);
  if (!alert.ok()) return alert.status();
  c.queue_alert = std::chrono::seconds(*alert);
  auto feedback_lease =
      config::Int("BRIEFDESK_FEEDBACK_LEASE_SECONDS", 7200, 1, 7 * 86400);
  if (!feedback_lease.ok()) return feedback_lease.status();
  c.feedback_lease = std::chrono::seconds(*feedback_lease);
  auto mentor = config::Int("BRIEFDESK_FEEDBACK_MENTOR_HOURS", 48, 0, 30 * 24);
  if (!mentor.ok()) return mentor.status();
  c.mentor_first = std::chrono::hours(*mentor);
  return c;
}

}  // namespace briefdesk::review
