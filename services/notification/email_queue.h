// Domain layer: what becomes of the e-mails an event makes
// (email_events.h), by the recipient's preference for the kind: an e-mail
// queued at once (IMMEDIATE, the default, and every invitation), an item
// for the daily digest (DAILY_DIGEST), or nothing (NONE). And the digests:
// at BRIEFDESK_DIGEST_HOUR (UTC) each day, one e-mail per person listing
// what waited, made once per person and day in the transaction that marks
// the items. Tables through the store (store.h): emails, digest_items,
// digests, email_preferences.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_QUEUE_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_QUEUE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/clock/clock.h"
#include "services/notification/email_events.h"
#include "services/notification/email_kinds.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

Micros ToMicros(clock::Time t);

// `user`'s mode for `kind` (IMMEDIATE when never set).
Mode ModeFor(NotificationTx& tx, const std::string& user,
             const std::string& kind);

// Queues `emails` of event `event_id` in the caller's transaction; true
// when one is to be sent now. Nothing when e-mail is off.
bool QueueEmails(NotificationTx& tx, const EmailConfig& config,
                 const std::string& event_id,
                 const std::vector<OutgoingEmail>& emails, clock::Time now);

struct DigestSlot {
  clock::Time start;  // the latest digest hour at or before now
  std::string day;    // its date, YYYY-MM-DD (UTC)
};
DigestSlot DigestSlotAt(clock::Time now, int hour);

// Makes the digests due at `now`: for each person with items waiting from
// before the slot, one e-mail, unless they already had the slot's digest
// (then the items wait for the next). How many were made.
absl::StatusOr<int> MakeDueDigests(storage::PgPool* pool,
                                   const EmailConfig& config, clock::Time now);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_QUEUE_H_
