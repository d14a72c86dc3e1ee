#include "services/gateway/auth_cache.h"

#include <cmath>

#include "libs/auth/api_keys.h"

namespace briefdesk::gateway {
namespace {

std::string CacheKey(const std::string& api_key) {
  auth::KeyHash h = auth::HashApiKey(api_key);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

std::optional<directory::v1::Principal> AuthCache::Get(
    const std::string& api_key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(CacheKey(api_key));
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.principal;
}

void AuthCache::Put(const std::string& api_key,
                    const directory::v1::Principal& p, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_,
                  [now](const auto& e) { return e.second.expires <= now; });
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[CacheKey(api_key)] = Entry{p, now + ttl_};
}

std::optional<int> RateLimiter::Take(const std::string& user_id,
                                     Clock::time_point now) {
  if (per_minute_ <= 0) return std::nullopt;  // no limit
  std::lock_guard lock(mu_);
  auto [it, fresh] =
      buckets_.try_emplace(user_id, Bucket{double(per_minute_), now});
  Bucket& b = it->second;
  double rate = per_minute_ / 60.0;  // tokens a second
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(per_minute_, b.tokens + elapsed * rate);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  return static_cast<int>(std::ceil((1 - b.tokens) / rate));
}

}  // namespace briefdesk::gateway
