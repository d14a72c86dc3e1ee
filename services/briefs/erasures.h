// Domain layer of data rights in the directory (docs/data-rights.md): an
// admin erases a person. In one transaction the account is made anonymous
// (erasure_store.h), the erasure recorded, and user.erased written to the
// outbox, which carries the erased name and address to the services that
// hold copies (courses, notification). The answer waits, as a workflow
// action's does, until they have applied it; a repeat answers the first
// erasure.
#ifndef BRIEFDESK_SERVICES_BRIEFS_ERASURES_H_
#define BRIEFDESK_SERVICES_BRIEFS_ERASURES_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "libs/clock/clock.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/event_routing.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// The names an erasure leaves (docs/data-rights.md).
inline constexpr char kErasedName[] = "Erased person";
inline constexpr char kErasedAuthorName[] = "Anonymous author";

struct Erased {
  directory::v1::Erasure erasure;
  // Whether the other services have applied it (X-BriefDesk-Effects);
  // unset for a repeat.
  std::optional<bool> applied;
};

class Erasures {
 public:
  // `events.await` waits for the services that hold copies.
  Erasures(
      Database* db, EventRouting events,
      std::function<absl::Time()> now =
          [] { return absl::FromChrono(clock::Now()); })
      : db_(db), events_(std::move(events)), now_(std::move(now)) {}

  // Admins only. NOT_FOUND for no such user; FAILED_PRECONDITION for the
  // caller's own account.
  absl::StatusOr<Erased> Erase(const rpc::Principal& p,
                               const std::string& user_id);

 private:
  Database* db_;
  EventRouting events_;
  std::function<absl::Time()> now_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_ERASURES_H_
