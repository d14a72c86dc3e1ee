// The briefs database as the domain sees it: units of work, and a handle
// on the statements of one unit that the domain passes to the stores
// (*_store.h) and never looks inside. Every SQL statement of the service is
// in a *_store.cc file, prepared once per pooled connection.
#ifndef BRIEFDESK_SERVICES_BRIEFS_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_STORE_H_

#include <functional>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace pqxx {
class connection_base;
}  // namespace pqxx
namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage

namespace briefdesk::briefs {

// The statements of one unit of work; what it holds is the stores' business
// (store_internal.h).
class Tx {
 public:
  struct Impl;
  explicit Tx(Impl* impl) : impl_(impl) {}
  Impl& impl() { return *impl_; }

 private:
  Impl* impl_;
};

class Database {
 public:
  explicit Database(storage::PgPool* pool) : pool_(pool) {}

  // One transaction, committed when `fn` returns OK (PgPool::Run: `fn` runs
  // again once, from the start, after a lost connection before COMMIT).
  template <typename T>
  absl::StatusOr<T> InTransaction(
      const std::function<absl::StatusOr<T>(Tx&)>& fn);

  // Statements on one connection without BEGIN and COMMIT: each commits on
  // its own. For reads that need no common snapshot, and for changes made
  // in one statement (an edit is one). `fn` runs again once, on a new
  // connection, when the connection was lost before any change was sent.
  template <typename T>
  absl::StatusOr<T> Autocommit(const std::function<absl::StatusOr<T>(Tx&)>& fn);

 private:
  absl::Status RunTransaction(const std::function<absl::Status(Tx&)>& fn);
  absl::Status RunAutocommit(const std::function<absl::Status(Tx&)>& fn);

  storage::PgPool* pool_;
};

// Prepares every statement of the stores on a new pooled connection.
void PrepareStatements(pqxx::connection_base& conn);

template <typename T>
absl::StatusOr<T> Database::InTransaction(
    const std::function<absl::StatusOr<T>(Tx&)>& fn) {
  std::optional<absl::StatusOr<T>> out;
  absl::Status s = RunTransaction([&](Tx& tx) {
    out = fn(tx);
    return out->status();
  });
  if (!s.ok()) return s;
  return *std::move(out);
}

template <typename T>
absl::StatusOr<T> Database::Autocommit(
    const std::function<absl::StatusOr<T>(Tx&)>& fn) {
  std::optional<absl::StatusOr<T>> out;
  absl::Status s = RunAutocommit([&](Tx& tx) {
    out = fn(tx);
    return out->status();
  });
  if (!s.ok()) return s;
  return *std::move(out);
}

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_STORE_H_
