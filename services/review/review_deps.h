// What the review service's parts share: the stores, the queue, the briefs
// and courses services, configuration, and the outbox's relays.
#ifndef BRIEFDESK_SERVICES_REVIEW_REVIEW_DEPS_H_
#define BRIEFDESK_SERVICES_REVIEW_REVIEW_DEPS_H_

#include <functional>
#include <string>
#include <vector>

#include "libs/queue/review_queue.h"
#include "services/review/briefs_client.h"
#include "services/review/courses_client.h"
#include "services/review/review_config.h"

namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage
namespace briefdesk::outbox {
struct Written;
}  // namespace briefdesk::outbox

namespace briefdesk::review {

struct ReviewDeps {
  storage::PgPool* pool;
  queue::ReviewQueue* queue;
  BriefsClient* briefs;
  ReviewConfig config;
  std::vector<std::string> destinations;  // outbox destinations
  std::function<void()> wake = [] {};     // wakes the relays
  // Waits until the briefs service applied what a request wrote (read your
  // writes); false when it could not be reached in time.
  std::function<bool(const outbox::Written&)> await =
      [](const outbox::Written&) { return true; };
  // Guidance: the courses service (the experts a request goes to).
  CoursesClient* courses = nullptr;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_REVIEW_DEPS_H_
