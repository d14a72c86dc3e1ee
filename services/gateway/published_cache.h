// The published answers (a brief's page and Markdown, the index pages, the
// feed) exactly as served, shared by every reader: a hit answers with no
// call to the briefs service and no rendering. Exact, not merely fresh: the
// cache is live only while the gateway's watch of the briefs service
// (published_watch.h) is established, every publication, return or
// retraction committed by any briefs replica drops what it changes, and
// while the watch is down the cache is empty and bypassed. Bounded in
// entries and bytes (least recently used goes first) and in age. Pure, and
// safe to use from any thread.
#ifndef BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_CACHE_H_
#define BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_CACHE_H_

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace briefdesk::gateway {

// One answer's body and the headers that describe it.
struct PublishedAnswer {
  std::string body;
  std::string content_type;
  std::string etag;           // quoted, strong: BodyEtag(body)
  std::string last_modified;  // an HTTP date, or "" when unknown
  int64_t last_modified_seconds = 0;
};

class PublishedCache {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    size_t max_entries = 10000;    // 0: nothing is kept
    size_t max_bytes = 64u << 20;  // of bodies and keys
    std::chrono::seconds max_age{300};
  };

  explicit PublishedCache(Limits limits) : limits_(limits) {}

  // The answer kept under `key`, when the cache is live and it is younger
  // than max_age.
  std::shared_ptr<const PublishedAnswer> Find(const std::string& key,
                                              Clock::time_point now);
  // Read before asking the briefs service for an answer, and given back to
  // Store with it.
  uint64_t Generation() const;
  // Keeps `answer` under `key` (of the brief `slug`'s page, or "" for a
  // list), unless a change or a loss of the watch came since `generation`
  // was read: the answer may then predate it.
  void Store(const std::string& key, const std::string& slug,
             std::shared_ptr<const PublishedAnswer> answer, uint64_t generation,
             Clock::time_point now);
  // A publication, return or retraction: every list goes, and the answers
  // of the brief `slug` (none when it is "": a returned brief has none).
  void Invalidate(std::string_view slug);
  // Any page may have changed: everything goes.
  void InvalidateAll();
  // Live while the watch is established. Either way what is kept goes: a
  // change may have been missed before, or may be missed from now on.
  void SetLive(bool live);

  struct Stats {
    bool live = false;
    size_t entries = 0, bytes = 0;
    uint64_t hits = 0, misses = 0, invalidations = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key, slug;
    std::shared_ptr<const PublishedAnswer> answer;
    Clock::time_point stored;
    size_t bytes = 0;
  };
  using Lru = std::list<Entry>;  // most recently used first
  void EraseLocked(Lru::iterator it);
  void ClearLocked();

  const Limits limits_;
  mutable std::mutex mu_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_;  // Entry::key
  size_t bytes_ = 0;
  bool live_ = false;
  uint64_t generation_ = 0;
  uint64_t hits_ = 0, misses_ = 0, invalidations_ = 0;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_CACHE_H_
