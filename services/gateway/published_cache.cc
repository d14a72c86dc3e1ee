#include "services/gateway/published_cache.h"

namespace briefdesk::gateway {

std::shared_ptr<const PublishedAnswer> PublishedCache::Find(
    const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (!live_) return nullptr;  // bypassed: not counted as a miss
  auto it = index_.find(key);
  if (it == index_.end() || now - it->second->stored >= limits_.max_age) {
    if (it != index_.end()) EraseLocked(it->second);
    ++misses_;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++hits_;
  return it->second->answer;
}

uint64_t PublishedCache::Generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void PublishedCache::Store(const std::string& key, const std::string& slug,
                           std::shared_ptr<const PublishedAnswer> answer,
                           uint64_t generation, Clock::time_point now) {
  size_t bytes = key.size() + answer->body.size();
  std::lock_guard lock(mu_);
  if (!live_ || generation != generation_ || limits_.max_entries == 0 ||
      bytes > limits_.max_bytes) {
    return;
  }
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  lru_.push_front(Entry{key, slug, std::move(answer), now, bytes});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += bytes;
  while (lru_.size() > limits_.max_entries || bytes_ > limits_.max_bytes) {
    EraseLocked(std::prev(lru_.end()));
  }
}

void PublishedCache::Invalidate(std::string_view slug) {
  std::lock_guard lock(mu_);
  ++generation_;
  ++invalidations_;
  // Rare (an editor's action) and over at most max_entries: a scan.
  for (auto it = lru_.begin(); it != lru_.end();) {
    auto next = std::next(it);
    if (it->slug.empty() || it->slug == slug) EraseLocked(it);
    it = next;
  }
}

void PublishedCache::InvalidateAll() {
  std::lock_guard lock(mu_);
  ++generation_;
  ++invalidations_;
  ClearLocked();
}

void PublishedCache::SetLive(bool live) {
  std::lock_guard lock(mu_);
  ++generation_;
  live_ = live;
  ClearLocked();
}

PublishedCache::Stats PublishedCache::stats() const {
  std::lock_guard lock(mu_);
  return Stats{live_, lru_.size(), bytes_, hits_, misses_, invalidations_};
}

void PublishedCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

void PublishedCache::ClearLocked() {
  index_.clear();
  lru_.clear();
  bytes_ = 0;
}

}  // namespace briefdesk::gateway
