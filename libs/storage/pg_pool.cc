#include "libs/storage/pg_pool.h"

#include "absl/strings/str_cat.h"

namespace briefdesk::storage {
namespace {

// connection_exception (class 08); admin_shutdown, crash_shutdown and
// cannot_connect_now: the server ended the session or is not taking one.
bool SqlStateMeansLost(const std::string& state) {
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" ||
         state == "57P03";
}

template <typename E>
bool Is(const std::exception& e) {
  return dynamic_cast<const E*>(&e) != nullptr;
}

}  // namespace

PgPool::PgPool(std::string conninfo, int size, Prepare prepare)
    : conninfo_(std::move(conninfo)),
      size_(size),
      prepare_(std::move(prepare)) {}

PgPool::Lease::~Lease() {
  if (conn_) pool_->Return(std::move(conn_));
}

void PgPool::Lease::Discard() {
  if (!conn_) return;
  conn_.reset();
  std::lock_guard lock(pool_->mu_);
  --pool_->open_;
  pool_->cv_.notify_one();
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> PgPool::Open() {
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo_);
    if (prepare_) prepare_(*conn);
    return conn;
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("database unreachable: ", e.what()));
  }
}

absl::StatusOr<PgPool::Lease> PgPool::Acquire(std::chrono::milliseconds wait,
                                              bool fresh) {
  std::unique_ptr<pqxx::connection> stale;  // closed once the lock is free
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait,
                      [&] { return !idle_.empty() || open_ < size_; })) {
      return absl::DeadlineExceededError("no database connection free");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (!fresh && conn->is_open()) return Lease(this, std::move(conn));
      stale = std::move(conn);  // a new connection takes its place
    } else {
      ++open_;
    }
  }
  stale.reset();
  auto conn = Open();
  if (!conn.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(*conn));
}

void PgPool::Return(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  cv_.notify_one();
}

void PgPool::DropIdle() {
  std::vector<std::unique_ptr<pqxx::connection>> stale;
  {
    std::lock_guard lock(mu_);
    stale.swap(idle_);
    open_ -= static_cast<int>(stale.size());
  }
  cv_.notify_all();
}

absl::Status PgPool::RunTransaction(
    const std::function<bool(pqxx::work&)>& body) {
  bool fresh = false;
  for (int attempt = 0;; ++attempt) {
    auto lease = Acquire(std::chrono::seconds(5), fresh);
    if (!lease.ok()) return lease.status();
    bool commit_sent = false;
    try {
      pqxx::work tx(**lease);
      if (body(tx)) {
        commit_sent = true;
        tx.commit();
      }
      return absl::OkStatus();
    } catch (const std::exception& e) {
      Failure f = ClassifyFailure(e, (*lease)->is_open(), commit_sent);
      if (f.connection_lost) {
        lease->Discard();
        DropIdle();
        // Not an idle connection, which could be as broken as this one.
        fresh = true;
      }
      // Safe to run again only before COMMIT: PostgreSQL rolls back a
      // transaction whose session ends uncommitted, so nothing of the
      // failed attempt persists and `body` applies its effect once. After
      // COMMIT was sent the server may have committed before the
      // connection dropped, and running it again could apply it twice: the
      // caller gets UNAVAILABLE, and its own retry is made safe by the API
      // (Idempotency-Key, 409 on a workflow action already done).
      if (!f.retry || attempt > 0) return f.status;
    }
  }
}

Failure ClassifyFailure(const std::exception& e, bool connection_open,
                        bool commit_sent) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  bool lost = Is<pqxx::broken_connection>(e) || Is<pqxx::in_doubt_error>(e) ||
              (sql != nullptr && SqlStateMeansLost(sql->sqlstate())) ||
              (!connection_open && Is<pqxx::failure>(e));
  if (lost) {
    return {absl::UnavailableError(
                absl::StrCat("database unavailable: ", e.what())),
            /*retry=*/!commit_sent, /*connection_lost=*/true};
  }
  // The server reports a serialization failure only for a transaction it
  // rolled back, at COMMIT too: running it again is safe.
  return {absl::InternalError(absl::StrCat("database: ", e.what())),
          /*retry=*/Is<pqxx::serialization_failure>(e),
          /*connection_lost=*/false};
}

}  // namespace briefdesk::storage
