// A service's unit of work on the pool: `fn` gets the service's view of one
// transaction (review's ReviewTx, notification's NotificationTx: a class
// made from the pqxx::work), committed when it returns OK. It may run
// twice (PgPool::Run retries after a lost connection), so `fn` starts from
// scratch each time. Included by the store files that define a service's
// Transact, so that its domain sees no pqxx type.
#ifndef BRIEFDESK_LIBS_STORAGE_TRANSACT_H_
#define BRIEFDESK_LIBS_STORAGE_TRANSACT_H_

#include <functional>

#include "absl/status/status.h"
#include "libs/storage/pg_pool.h"

namespace briefdesk::storage {

template <typename Unit>
absl::Status Transact(PgPool* pool,
                      const std::function<absl::Status(Unit&)>& fn) {
  return pool
      ->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        Unit unit(tx);
        if (absl::Status s = fn(unit); !s.ok()) return s;
        return true;
      })
      .status();
}

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_TRANSACT_H_
