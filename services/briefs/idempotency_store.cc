#include "services/briefs/idempotency_store.h"

#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {

absl::StatusOr<std::optional<std::string>> FindAnswer(
    Tx& tx, const storage::IdempotencyScope& scope) {
  return storage::FindAnswer(store::Work(tx), scope);
}

void SaveAnswer(Tx& tx, const storage::IdempotencyScope& scope,
                const std::string& answer) {
  store::Changing(tx);
  storage::SaveAnswer(store::Work(tx), scope, answer);
}

}  // namespace briefdesk::briefs
