#include "services/briefs/outbox_store.h"

#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {

void EnqueueEvent(Tx& tx, const outbox::Event& event,
                  const std::vector<std::string>& destinations,
                  outbox::Written* written) {
  store::Changing(tx);
  outbox::Enqueue(store::Work(tx), event, destinations, written);
}

bool FirstDelivery(Tx& tx, const std::string& event_id) {
  store::Changing(tx);
  return outbox::FirstDelivery(store::Work(tx), event_id);
}

}  // namespace briefdesk::briefs
