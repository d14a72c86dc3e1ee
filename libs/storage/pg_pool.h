// A fixed-size pool of PostgreSQL connections. A connection that broke is
// replaced on its next use, so a database restart heals without a service
// restart.
#ifndef BRIEFDESK_LIBS_STORAGE_PG_POOL_H_
#define BRIEFDESK_LIBS_STORAGE_PG_POOL_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace briefdesk::storage {

class PgPool {
 public:
  // Prepares the statements on every connection it opens.
  using Prepare = std::function<void(pqxx::connection&)>;

  PgPool(std::string conninfo, int size, Prepare prepare);

  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // A connection, waiting up to `wait` for one to be free. UNAVAILABLE when
  // the database cannot be reached, DEADLINE_EXCEEDED when none frees up.
  absl::StatusOr<Lease> Acquire(
      std::chrono::milliseconds wait = std::chrono::seconds(5));

  // Runs `fn` in a transaction on a pooled connection, mapping database
  // failures to UNAVAILABLE (connection) or INTERNAL (anything else) and
  // retrying once on a broken connection or a serialization failure.
  template <typename T>
  absl::StatusOr<T> Run(const std::function<absl::StatusOr<T>(pqxx::work&)>& fn);

 private:
  friend class Lease;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Open();
  void Return(std::unique_ptr<pqxx::connection> conn);

  const std::string conninfo_;
  const int size_;
  const Prepare prepare_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
};

absl::Status DatabaseError(const std::exception& e);

template <typename T>
absl::StatusOr<T> PgPool::Run(
    const std::function<absl::StatusOr<T>(pqxx::work&)>& fn) {
  for (int attempt = 0;; ++attempt) {
    auto lease = Acquire();
    if (!lease.ok()) return lease.status();
    try {
      pqxx::work tx(**lease);
      absl::StatusOr<T> out = fn(tx);
      if (out.ok()) tx.commit();
      return out;
    } catch (const pqxx::broken_connection& e) {
      if (attempt > 0) return DatabaseError(e);
    } catch (const pqxx::serialization_failure& e) {
      if (attempt > 0) return DatabaseError(e);
    } catch (const std::exception& e) {
      return DatabaseError(e);
    }
  }
}

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_PG_POOL_H_
