#include "services/gateway/connection_limits.h"

namespace briefdesk::gateway {

std::shared_ptr<ConnectionLimits::Ticket> ConnectionLimits::Admit(
    const std::string& client, std::function<void()> shed) {
  std::function<void()> to_shed;
  std::shared_ptr<Ticket> ticket;
  {
    std::lock_guard lock(mu_);
    auto held = by_client_.find(client);
    if (per_client_ > 0 && held != by_client_.end() &&
        held->second >= per_client_) {
      return nullptr;
    }
    if (open_ - shedding_ >= total_) {
      if (idle_.empty()) return nullptr;
      Ticket* oldest = idle_.front();
      idle_.pop_front();
      oldest->idle_ = false;
      oldest->shed_asked_ = true;
      ++shedding_;
      to_shed = std::move(oldest->shed_);
    }
    ticket.reset(new Ticket(shared_from_this(), client, std::move(shed)));
    ++open_;
    ++by_client_[client];
  }
  if (to_shed) to_shed();
  return ticket;
}

void ConnectionLimits::SetIdle(Ticket* t, bool idle) {
  std::lock_guard lock(mu_);
  if (t->shed_asked_ || t->idle_ == idle) return;
  t->idle_ = idle;
  if (idle) {
    t->in_idle_ = idle_.insert(idle_.end(), t);
  } else {
    idle_.erase(t->in_idle_);
  }
}

void ConnectionLimits::Release(Ticket* t) {
  std::lock_guard lock(mu_);
  if (t->idle_) idle_.erase(t->in_idle_);
  if (t->shed_asked_) --shedding_;
  --open_;
  auto it = by_client_.find(t->client_);
  if (it != by_client_.end() && --it->second == 0) by_client_.erase(it);
}

size_t ConnectionLimits::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace briefdesk::gateway
