#include "services/gateway/published_watch.h"

#include <random>

#include "libs/logging/logging.h"

namespace briefdesk::gateway {

using briefs::v1::PublicationChange;
using Clock = std::chrono::steady_clock;

// One call: reads item after item until the stream ends. Deleted by
// Watch once OnDone has run.
class PublishedWatch::Stream final
    : public grpc::ClientReadReactor<PublicationChange> {
 public:
  Stream(PublishedWatch* watch, std::chrono::milliseconds lifetime)
      : watch_(watch) {
    ctx_.set_deadline(std::chrono::system_clock::now() + lifetime);
  }

  void Begin(briefs::v1::PublicationWatch::Stub* stub) {
    stub->async()->WatchPublications(&ctx_, &request_, this);
    StartRead(&item_);
    StartCall();
  }
  void Cancel() { ctx_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended: OnDone follows
    watch_->OnItem(item_);
    StartRead(&item_);
  }
  void OnDone(const grpc::Status& status) override { watch_->OnDone(status); }

 private:
  PublishedWatch* watch_;
  grpc::ClientContext ctx_;
  briefs::v1::WatchPublicationsRequest request_;
  PublicationChange item_;
};

PublishedWatch::PublishedWatch(std::shared_ptr<grpc::Channel> briefs,
                               PublishedCache* cache, Options options)
    : stub_(briefs::v1::PublicationWatch::NewStub(std::move(briefs))),
      cache_(cache),
      options_(options) {}

PublishedWatch::~PublishedWatch() { Stop(); }

void PublishedWatch::Start() {
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void PublishedWatch::Stop() {
  if (!running_.exchange(false)) return;
  {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void PublishedWatch::Run() {
  std::mt19937 rng(std::random_device{}());
  auto backoff = options_.min_backoff;
  bool warned = false;  // one warning per outage
  while (running_) {
    if (Watch()) {
      backoff = options_.min_backoff;
      warned = false;
    } else {
      if (!warned && running_) {
        logging::Warn("published_watch_unavailable",
                      {{"detail",
                        "published pages are rendered for every "
                        "request until the briefs service is "
                        "watched again"}});
        warned = true;
      }
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    std::uniform_int_distribution<long> jitter(backoff.count() / 2,
                                               backoff.count());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(jitter(rng)),
                 [this] { return !running_; });
  }
}

bool PublishedWatch::Watch() {
  {
    std::lock_guard lock(mu_);
    established_ = ended_ = false;
    last_item_ = Clock::now();
  }
  auto stream = std::make_unique<Stream>(this, options_.lifetime);
  stream->Begin(stub_.get());
  std::unique_lock lock(mu_);
  bool cancelled = false;
  while (!ended_) {
    // Silence, while establishing or after: the replica is hung or gone.
    Clock::time_point limit = last_item_ + options_.silence;
    if (!cancelled && (!running_ || Clock::now() >= limit)) {
      cancelled = true;
      lock.unlock();
      stream->Cancel();  // OnDone follows, on a gRPC thread
      lock.lock();
      continue;
    }
    if (cancelled) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, limit);
    }
  }
  return established_;
}

void PublishedWatch::OnItem(const PublicationChange& item) {
  switch (item.kind()) {
    case PublicationChange::ESTABLISHED:
      cache_->SetLive(true);
      ++established_total_;
      logging::Info("published_watch_established");
      break;
    case PublicationChange::HEARTBEAT:
      break;
    case PublicationChange::CHANGED:
      if (item.every_page()) {
        cache_->InvalidateAll();
      } else {
        cache_->Invalidate(item.slug());
      }
      break;
    default:  // a kind this gateway does not know: anything may have changed
      cache_->InvalidateAll();
  }
  std::lock_guard lock(mu_);
  if (item.kind() == PublicationChange::ESTABLISHED) established_ = true;
  last_item_ = Clock::now();
}

void PublishedWatch::OnDone(const grpc::Status& status) {
  cache_->SetLive(false);  // first: from now on a change could be missed
  std::lock_guard lock(mu_);
  if (established_ && running_) {
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      logging::Info("published_watch_renewed");  // its hour is over
    } else {
      logging::Warn("published_watch_lost",
                    {{"code", std::to_string(status.error_code())},
                     {"error", status.error_message()}});
    }
  }
  ended_ = true;
  cv_.notify_all();
}

void ExportPublishedCache(const PublishedCache* cache,
                          const PublishedWatch* watch,
                          metrics::Registry* metrics) {
  const std::pair<const char*, const char*> families[] = {
      {"briefdesk_published_cache_live",
       "1 while the briefs service is watched and published answers are "
       "served from the cache; 0: each is rendered."},
      {"briefdesk_published_cache_entries", "Published answers kept."},
      {"briefdesk_published_cache_bytes", "Bytes of published answers kept."},
      {"briefdesk_published_cache_hits_total",
       "Published requests answered from the cache."},
      {"briefdesk_published_cache_misses_total",
       "Published requests rendered while the cache was live."},
      {"briefdesk_published_cache_invalidations_total",
       "Changes announced by the briefs service."},
      {"briefdesk_published_watch_established_total",
       "Watch streams established with the briefs service."}};
  for (const auto& [name, help] : families) {
    std::string_view n(name);
    metrics->Describe(name, n.ends_with("_total") ? "counter" : "gauge", help);
  }
  metrics->OnScrape([cache, watch, metrics] {
    PublishedCache::Stats s = cache->stats();
    metrics->Set("briefdesk_published_cache_live", "", s.live ? 1 : 0);
    metrics->Set("briefdesk_published_cache_entries", "", double(s.entries));
    metrics->Set("briefdesk_published_cache_bytes", "", double(s.bytes));
    metrics->Set("briefdesk_published_cache_hits_total", "", double(s.hits));
    metrics->Set("briefdesk_published_cache_misses_total", "",
                 double(s.misses));
    metrics->Set("briefdesk_published_cache_invalidations_total", "",
                 double(s.invalidations));
    metrics->Set("briefdesk_published_watch_established_total", "",
                 double(watch->established()));
  });
}

}  // namespace briefdesk::gateway
