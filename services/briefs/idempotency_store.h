// The idempotency_keys table (libs/storage/idempotency.h) for the domain's
// units of work: the first answer to a creating POST is stored in the
// transaction that created it. Both need InTransaction.
#ifndef BRIEFDESK_SERVICES_BRIEFS_IDEMPOTENCY_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_IDEMPOTENCY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/storage/idempotency.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

absl::StatusOr<std::optional<std::string>> FindAnswer(
    Tx& tx, const storage::IdempotencyScope& scope);
void SaveAnswer(Tx& tx, const storage::IdempotencyScope& scope,
                const std::string& answer);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_IDEMPOTENCY_STORE_H_
