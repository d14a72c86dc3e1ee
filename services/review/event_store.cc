// The outbox and processed_events tables (libs/outbox writes them), and the
// transaction the domain runs its work in.
#include <pqxx/pqxx>

#include "libs/outbox/outbox.h"
#include "libs/storage/pg_pool.h"
#include "libs/storage/transact.h"
#include "services/review/store.h"

namespace briefdesk::review {

void PrepareReviewStatements(pqxx::connection_base& c) {
  PrepareTaskStatements(c);
  PrepareRoundStatements(c);
  PrepareReviewRowStatements(c);
  PrepareFeedbackStatements(c);
}

void ReviewTx::Enqueue(const events::v1::Event& e,
                       const std::vector<std::string>& destinations,
                       outbox::Written* written) {
  outbox::Enqueue(static_cast<pqxx::work&>(tx_), e, destinations, written);
}

bool ReviewTx::FirstDelivery(const std::string& event_id) {
  return outbox::FirstDelivery(static_cast<pqxx::work&>(tx_), event_id);
}

absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(ReviewTx&)>& fn) {
  return storage::Transact<ReviewTx>(pool, fn);
}

absl::StatusOr<std::optional<std::string>> ReviewTx::FindAnswer(
    const storage::IdempotencyScope& scope) {
  return storage::FindAnswer(static_cast<pqxx::work&>(tx_), scope);
}

void ReviewTx::SaveAnswer(const storage::IdempotencyScope& scope,
                          const std::string& answer) {
  storage::SaveAnswer(static_cast<pqxx::work&>(tx_), scope, answer);
}

}  // namespace briefdesk::review
