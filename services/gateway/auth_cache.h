// What the gateway keeps per API key: a short-lived cache of the principal a
// key resolved to (so a revoked key stops working within the TTL on every
// replica) and a token bucket per user for the rate limit.
#ifndef BRIEFDESK_SERVICES_GATEWAY_AUTH_CACHE_H_
#define BRIEFDESK_SERVICES_GATEWAY_AUTH_CACHE_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::gateway {

using Clock = std::chrono::steady_clock;

class AuthCache {
 public:
  AuthCache(std::chrono::milliseconds ttl, size_t max_entries)
      : ttl_(ttl), max_entries_(max_entries) {}

  // Keys are held by their SHA-256, never in clear.
  std::optional<directory::v1::Principal> Get(const std::string& api_key,
                                              Clock::time_point now);
  void Put(const std::string& api_key, const directory::v1::Principal& p,
           Clock::time_point now);

 private:
  struct Entry {
    directory::v1::Principal principal;
    Clock::time_point expires;
  };
  const std::chrono::milliseconds ttl_;
  const size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

class RateLimiter {
 public:
  // `per_minute` requests a minute per user, in bursts of up to that many.
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

  // nullopt when allowed; otherwise seconds until a request would be.
  std::optional<int> Take(const std::string& user_id, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  const int per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_AUTH_CACHE_H_
