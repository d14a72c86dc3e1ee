#include "services/gateway/auth_cache.h"

#include <cmath>

#include "libs/auth/api_keys.h"

namespace briefdesk::gateway {
namespace {}  // namespace

std::string AuthCache::KeyOf(const std::string& api_key) {
  auth::KeyHash h = auth::HashApiKey(api_key);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

std::optional<directory::v1::Principal> AuthCache::Get(
    const std::string& api_key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(KeyOf(api_key));
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
  entries_[KeyOf(api_key)] = Entry{p, now + ttl_};
}

RateLimiter::Quota RateLimiter::Take(const std::string& caller,
                                     Clock::time_point now) {
  Quota q;
  if (per_minute_ <= 0) return q;  // no limit
  q.limit = per_minute_;
  std::lock_guard lock(mu_);
  if (buckets_.size() > 100000) {  // forget the callers who went quiet
    std::erase_if(buckets_, [now](const auto& b) {
      return now - b.second.last > std::chrono::minutes(1);
    });
  }
  auto [it, fresh] =
      buckets_.try_emplace(caller, Bucket{double(per_minute_), now});
  Bucket& b = it->second;
  double rate = per_minute_ / 60.0;  // tokens a second
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(per_minute_, b.tokens + elapsed * rate);
    b.last = now;
  }
  q.allowed = b.tokens >= 1;
  if (q.allowed) b.tokens -= 1;
  q.remaining = static_cast<int>(std::floor(b.tokens));
  q.reset_seconds =
      static_cast<int>(std::ceil((per_minute_ - b.tokens) / rate));
  if (!q.allowed) {
    q.retry_after = static_cast<int>(std::ceil((1 - b.tokens) / rate));
  }
  return q;
}

}  // namespace briefdesk::gateway
