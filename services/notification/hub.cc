#include "services/notification/hub.h"

namespace briefdesk::notification {

bool Hub::Add(const std::string& user, std::shared_ptr<Subscriber> subscriber) {
  std::lock_guard lock(mu_);
  if (stopped_) return false;
  open_.emplace(user, std::move(subscriber));
  return true;
}

void Hub::Remove(const std::string& user, const Subscriber* subscriber) {
  std::lock_guard lock(mu_);
  auto [begin, end] = open_.equal_range(user);
  for (auto it = begin; it != end; ++it) {
    if (it->second.get() == subscriber) {
      open_.erase(it);
      return;
    }
  }
}

std::vector<std::shared_ptr<Hub::Subscriber>> Hub::Of(
    const std::vector<std::string>* users) const {
  std::vector<std::shared_ptr<Subscriber>> out;
  std::lock_guard lock(mu_);
  if (users == nullptr) {
    out.reserve(open_.size());
    for (const auto& [user, s] : open_) out.push_back(s);
    return out;
  }
  for (const std::string& user : *users) {
    auto [begin, end] = open_.equal_range(user);
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
  }
  return out;
}

// The subscribers are called outside the lock, so that a stream that ends
// meanwhile (and removes itself) never waits behind a beat of thousands.
void Hub::Notify(const std::vector<std::string>& users) {
  for (const auto& s : Of(&users)) s->Wake();
}

void Hub::NotifyAll() {
  for (const auto& s : Of(nullptr)) s->Wake();
}

void Hub::Beat() {
  for (const auto& s : Of(nullptr)) s->Beat();
}

void Hub::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  for (const auto& s : Of(nullptr)) s->Stop();
}

size_t Hub::size() const {
  std::lock_guard lock(mu_);
  return open_.size() - open_.count("");  // streams, not the calls of Add("")
}

}  // namespace briefdesk::notification
