// What the gateway keeps per API key: a short-lived cache of the principal a
// key resolved to (so a revoked key stops working within the TTL on every
// replica) and a token bucket per key for the rate limit.
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

  // What the cache and the rate limiter know a key by: its SHA-256.
  static std::string KeyOf(const std::string& api_key);

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

// A token bucket per caller (an API key, by its hash): `per_minute`
// requests a minute, in bursts of up to that many.
class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

  struct Quota {
    bool allowed = true;
    int limit = 0;          // RateLimit-Limit; 0 when there is no limit
    int remaining = 0;      // RateLimit-Remaining, after this request
    int reset_seconds = 0;  // RateLimit-Reset: until the bucket is full
    int retry_after = 0;    // when refused: until one request is allowed
  };
  Quota Take(const std::string& caller, Clock::time_point now);

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
