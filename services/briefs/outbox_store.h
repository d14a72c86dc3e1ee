// The tables of libs/outbox in the briefs database (outbox, processed
// events), for the domain's units of work. Both need InTransaction: an event
// is written with the change it announces, and marked applied with its
// effect.
#ifndef BRIEFDESK_SERVICES_BRIEFS_OUTBOX_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_OUTBOX_STORE_H_

#include <string>
#include <vector>

#include "libs/outbox/outbox.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// outbox::Enqueue in the unit's transaction.
void EnqueueEvent(Tx& tx, const outbox::Event& event,
                  const std::vector<std::string>& destinations,
                  outbox::Written* written);
// outbox::FirstDelivery in the unit's transaction.
bool FirstDelivery(Tx& tx, const std::string& event_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_OUTBOX_STORE_H_
