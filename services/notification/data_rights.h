// Domain layer of data rights here (docs/data-rights.md): what a person's
// erasure does in this service, and their part of GET /v1/users/me:export.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_DATA_RIGHTS_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_DATA_RIGHTS_H_

#include "absl/status/statusor.h"
#include "briefdesk/events/v1/events.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "libs/rpc/rpc.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// user.erased, in the transaction that applies the event: the person's
// inbox, webhooks, e-mails, preferences and reminders deleted, nothing new
// written for them, and their name (by the erased name) and e-mail address
// (by nothing) replaced in what course notices told others of them (the
// only texts that name someone other than their reader).
void ApplyErasure(NotificationTx& tx, const events::v1::UserErased& erased);

// The event as an erasure leaves it: a course notice written before the
// courses service applied an erasure (one in flight) names an erased
// person as they are named now, in `*copy`; any other event is `e`.
const events::v1::Event& AsErasureLeavesIt(NotificationTx& tx,
                                           const events::v1::Event& e,
                                           events::v1::Event* copy);

// The caller's notifications, webhooks (never a secret), e-mail preferences
// and e-mails, newest first, at most 1000 of each. UNAUTHENTICATED for no
// person.
absl::StatusOr<v1::NotificationExport> ExportFor(storage::PgPool* pool,
                                                 const rpc::Principal& caller);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_DATA_RIGHTS_H_
