// Domain layer: what the events of the other services do here. Each event
// is applied once (the outbox's processed events): it records its brief's
// title, schedules (on publication) or cancels (on retraction) the authors'
// follow-up reminders, and writes a notification to each of its recipients
// (recipients.h), under the write lock, and queues its e-mails
// (email_events.h, email_queue.h). Tables through the store (store.h):
// brief_titles, followups, notifications, deliveries, emails, digest_items.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EVENT_EFFECTS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EVENT_EFFECTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/events/v1/events.pb.h"
#include "libs/clock/clock.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// Whether any of `events` is told to the editors (who must then be known).
bool NeedEditors(const std::vector<const events::v1::Event*>& events);

struct Effects {
  std::vector<std::string> people;  // whose streams to wake, each once
  bool deliveries = false;          // whether webhooks have work
  bool emails = false;              // whether an e-mail is to be sent now
};

// Applies `events` in order, in one transaction: one commit for the batch.
// `editors` are the people events for editors go to; e-mail decisions
// are taken at `now` (libs/clock).
absl::StatusOr<Effects> ApplyEvents(
    storage::PgPool* pool, const NotificationConfig& config,
    const std::vector<const events::v1::Event*>& events,
    const std::vector<std::string>& editors, clock::Time now = clock::Now());

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EVENT_EFFECTS_H_
