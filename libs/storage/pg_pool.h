// A fixed-size pool of PostgreSQL connections. A connection that a server
// restart (or anything else) broke is dropped when it is found broken,
// with every idle one, and a transaction that met it before its COMMIT runs
// again once on a new connection: a database restart heals without a
// service restart, and once the server is back a request that meets a
// broken connection still succeeds.
#ifndef BRIEFDESK_LIBS_STORAGE_PG_POOL_H_
#define BRIEFDESK_LIBS_STORAGE_PG_POOL_H_

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
    // Closes the connection instead of returning it to the pool.
    void Discard();

   private:
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // A connection, waiting up to `wait` for one to be free; with `fresh`, a
  // newly opened one, never an idle one. UNAVAILABLE when the database
  // cannot be reached, DEADLINE_EXCEEDED when none frees up.
  absl::StatusOr<Lease> Acquire(
      std::chrono::milliseconds wait = std::chrono::seconds(5),
      bool fresh = false);

  // Runs `fn` in a transaction on a pooled connection and commits when it
  // returns OK. Failures: UNAVAILABLE when the connection to the database
  // was lost (ClassifyFailure), INTERNAL for any other database error.
  // `fn` may run twice: after a lost connection or a serialization failure,
  // it runs again once, from the start, on a new connection.
  template <typename T>
  absl::StatusOr<T> Run(
      const std::function<absl::StatusOr<T>(pqxx::work&)>& fn);

 private:
  friend class Lease;
  // Runs `body` in a transaction, committing when it returns true; the
  // retry and error mapping of Run, without its type.
  absl::Status RunTransaction(const std::function<bool(pqxx::work&)>& body);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Open();
  void Return(std::unique_ptr<pqxx::connection> conn);
  // Closes every idle connection: after one was found broken by a server
  // restart, the others, opened to the same server, are broken too.
  void DropIdle();

  const std::string conninfo_;
  const int size_;
  const Prepare prepare_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
};

// How a transaction that threw is answered.
struct Failure {
  absl::Status status;  // UNAVAILABLE (connection lost) or INTERNAL
  bool retry = false;   // safe to run the transaction again from the start
  bool connection_lost = false;
};

// Classifies what a transaction threw. `connection_open`: whether its
// connection was still open afterwards; `commit_sent`: whether the failure
// came from COMMIT or later (then its outcome is unknown, and it is never
// retried). The connection counts as lost on pqxx::broken_connection (its
// subclasses and in_doubt_error included), on SQLSTATE class 08, 57P01,
// 57P02 or 57P03, and on any pqxx::failure after which the connection is
// no longer open: libpqxx 6.4 reports a dropped connection as any of these
// depending on where it noticed.
Failure ClassifyFailure(const std::exception& e, bool connection_open,
                        bool commit_sent);

template <typename T>
absl::StatusOr<T> PgPool::Run(
    const std::function<absl::StatusOr<T>(pqxx::work&)>& fn) {
  std::optional<absl::StatusOr<T>> out;
  absl::Status s = RunTransaction([&](pqxx::work& tx) {
    out = fn(tx);
    return out->ok();
  });
  if (!s.ok()) return s;
  return *std::move(out);
}

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_PG_POOL_H_
