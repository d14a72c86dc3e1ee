#include "libs/storage/pg_pool.h"

#include "absl/strings/str_cat.h"

namespace briefdesk::storage {

PgPool::PgPool(std::string conninfo, int size, Prepare prepare)
    : conninfo_(std::move(conninfo)), size_(size), prepare_(std::move(prepare)) {}

PgPool::Lease::~Lease() {
  if (conn_) pool_->Return(std::move(conn_));
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

absl::StatusOr<PgPool::Lease> PgPool::Acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, wait,
                    [&] { return !idle_.empty() || open_ < size_; })) {
    return absl::DeadlineExceededError("no database connection free");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (conn->is_open()) return Lease(this, std::move(conn));
    lock.lock();
    --open_;
  }
  ++open_;
  lock.unlock();
  auto conn = Open();
  if (!conn.ok()) {
    std::lock_guard relock(mu_);
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

absl::Status DatabaseError(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database: ", e.what()));
  }
  return absl::InternalError(absl::StrCat("database: ", e.what()));
}

}  // namespace briefdesk::storage
