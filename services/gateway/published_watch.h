// Keeps the published cache exact: one WatchPublications stream open to the
// briefs service (any replica: each hears the changes every replica
// commits). The cache is live from the stream's first item on, each change
// drops what it affects, and when the stream ends, or goes silent past
// three heartbeats, the cache is emptied and bypassed until a new stream is
// established (reconnecting with jittered exponential backoff).
#ifndef BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_WATCH_H_
#define BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_WATCH_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"
#include "libs/metrics/metrics.h"
#include "services/gateway/published_cache.h"

namespace briefdesk::gateway {

class PublishedWatch {
 public:
  struct Options {
    std::chrono::milliseconds min_backoff{100};
    std::chrono::milliseconds max_backoff{2000};
    // No item (the service sends a heartbeat every 5 s) for this long: the
    // replica is hung or unreachable, and the stream is given up.
    std::chrono::milliseconds silence{15000};
    // A stream is renewed this often (every call has a deadline); the cache
    // starts again empty then.
    std::chrono::milliseconds lifetime{std::chrono::hours(1)};
  };

  PublishedWatch(std::shared_ptr<grpc::Channel> briefs, PublishedCache* cache,
                 Options options);
  ~PublishedWatch();

  void Start();
  void Stop();  // ends the stream; the cache stays bypassed

  // Streams established since the start.
  uint64_t established() const { return established_total_; }

 private:
  class Stream;
  void Run();
  // One stream from start to end; whether it was established.
  bool Watch();
  void OnItem(const briefs::v1::PublicationChange& item);
  void OnDone(const grpc::Status& status);

  std::unique_ptr<briefs::v1::PublicationWatch::Stub> stub_;
  PublishedCache* cache_;
  const Options options_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<uint64_t> established_total_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  // The stream in hand, under mu_.
  bool established_ = false, ended_ = false;
  std::chrono::steady_clock::time_point last_item_;
};

// briefdesk_published_cache_* at each scrape of `metrics`.
void ExportPublishedCache(const PublishedCache* cache,
                          const PublishedWatch* watch,
                          metrics::Registry* metrics);

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_PUBLISHED_WATCH_H_
