#include "services/briefs/publication_watch.h"

#include <deque>
#include <optional>
#include <random>
#include <vector>

#include "libs/logging/logging.h"

namespace briefdesk::briefs {

using v1::PublicationChange;
using Clock = std::chrono::steady_clock;

const char kPublishedChannel[] = "briefdesk_published";

namespace {

PublicationChange Item(PublicationChange::Kind kind) {
  PublicationChange c;
  c.set_kind(kind);
  return c;
}

// What a NOTIFY's payload says changed.
PublicationChange Changed(const std::string& payload) {
  PublicationChange c = Item(PublicationChange::CHANGED);
  if (payload == "*") {
    c.set_every_page(true);
  } else {
    c.set_slug(payload);
  }
  return c;
}

// A gateway that reads this far behind is told that everything changed.
constexpr size_t kMaxQueued = 64;

}  // namespace

// One gateway's stream: one write in flight at a time, the rest queued.
class PublicationWatchService::Stream final
    : public grpc::ServerWriteReactor<PublicationChange> {
 public:
  explicit Stream(PublicationWatchService* service) : service_(service) {}

  void Push(PublicationChange change) {
    std::unique_lock lock(mu_);
    if (end_) return;
    bool busy = writing_ || !queue_.empty();
    if (change.kind() == PublicationChange::HEARTBEAT && busy) return;
    if (queue_.size() >= kMaxQueued) {
      queue_.clear();
      change = Changed("*");
    }
    queue_.push_back(std::move(change));
    if (!writing_) Next(lock);
  }

  void End(const grpc::Status& status) {
    std::unique_lock lock(mu_);
    if (end_) return;
    end_ = status;
    queue_.clear();  // the gateway trusts nothing it kept once it ends
    if (!writing_) Next(lock);
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mu_);
    writing_ = false;
    if (!ok && !end_) {
      end_ = grpc::Status(grpc::StatusCode::CANCELLED, "the watcher left");
      queue_.clear();
    }
    Next(lock);
  }
  void OnCancel() override {
    End(grpc::Status(grpc::StatusCode::CANCELLED, "the watcher left"));
  }
  void OnDone() override { service_->Forget(this); }

 private:
  // Starts the next write, or the Finish that waited for the one in flight.
  void Next(std::unique_lock<std::mutex>& lock) {
    if (queue_.empty()) {
      if (!end_ || finished_) return;
      finished_ = true;
      grpc::Status status = *end_;
      lock.unlock();
      Finish(status);
      return;
    }
    writing_ = true;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    StartWrite(&current_);
  }

  PublicationWatchService* service_;
  std::mutex mu_;
  std::deque<PublicationChange> queue_;
  PublicationChange current_;  // being written
  bool writing_ = false, finished_ = false;
  std::optional<grpc::Status> end_;
};

namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c,
           std::function<void(const std::string&)> changed)
      : pqxx::notification_receiver(c, kPublishedChannel),
        changed_(std::move(changed)) {}
  void operator()(const std::string& payload, int) override {
    changed_(payload);
  }

 private:
  std::function<void(const std::string&)> changed_;
};

}  // namespace

PublicationWatchService::PublicationWatchService(std::string conninfo,
                                                 Options options)
    : conninfo_(std::move(conninfo)), options_(options) {}

PublicationWatchService::~PublicationWatchService() { Stop(); }

void PublicationWatchService::Start() {
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void PublicationWatchService::Stop() {
  if (running_.exchange(false)) {
    {
      std::lock_guard lock(mu_);
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }
  SetListening(false);
}

grpc::ServerWriteReactor<PublicationChange>*
PublicationWatchService::WatchPublications(
    grpc::CallbackServerContext*, const v1::WatchPublicationsRequest*) {
  auto stream = std::make_shared<Stream>(this);
  bool established;
  {
    std::lock_guard lock(mu_);
    streams_[stream.get()] = stream;  // until its OnDone
    established = running_ && listening_ &&
                  Clock::now() - confirmed_ < 3 * options_.heartbeat;
  }
  if (established) {
    stream->Push(Item(PublicationChange::ESTABLISHED));
  } else {
    stream->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                             "this replica is not listening for publication "
                             "changes now; watch again"));
  }
  return stream.get();
}

void PublicationWatchService::Forget(Stream* stream) {
  std::shared_ptr<Stream> last;  // deleted on return, after OnDone
  std::lock_guard lock(mu_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  last = std::move(it->second);
  streams_.erase(it);
}

void PublicationWatchService::Broadcast(const PublicationChange& change) {
  std::vector<std::shared_ptr<Stream>> all;
  {
    std::lock_guard lock(mu_);
    for (const auto& [raw, stream] : streams_) all.push_back(stream);
  }
  for (const auto& stream : all) stream->Push(change);
}

void PublicationWatchService::SetListening(bool listening) {
  std::vector<std::shared_ptr<Stream>> ending;
  {
    std::lock_guard lock(mu_);
    listening_ = listening;
    if (listening) confirmed_ = Clock::now();
    if (!listening) {
      for (const auto& [raw, stream] : streams_) ending.push_back(stream);
    }
  }
  for (const auto& stream : ending) {
    stream->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                             "this replica could miss publication changes "
                             "now; watch again"));
  }
}

void PublicationWatchService::Run() {
  std::mt19937 rng(std::random_device{}());
  auto backoff = options_.min_backoff;
  while (running_) {
    bool listened = false;
    try {
      pqxx::connection conn(conninfo_);
      Listen(conn, &listened);
    } catch (const std::exception& e) {
      logging::Warn("publication_listen_failed", {{"error", e.what()}});
    }
    SetListening(false);
    backoff = listened ? options_.min_backoff
                       : std::min(backoff * 2, options_.max_backoff);
    std::uniform_int_distribution<long> jitter(backoff.count() / 2,
                                               backoff.count());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(jitter(rng)),
                 [this] { return !running_; });
  }
}

void PublicationWatchService::Listen(pqxx::connection& conn, bool* listened) {
  Receiver receiver(conn, [this](const std::string& payload) {
    Broadcast(Changed(payload));
  });
  SetListening(true);  // LISTEN is in force: nothing committed is missed
  *listened = true;
  Clock::time_point next_beat = Clock::now() + options_.heartbeat;
  while (running_) {
    conn.await_notification(0, 250000);  // throws once the connection broke
    if (Clock::now() < next_beat) continue;
    // A connection can also fail silently: only a round trip confirms it,
    // and a heartbeat follows only that.
    pqxx::nontransaction(conn).exec("SELECT 1");
    {
      std::lock_guard lock(mu_);
      confirmed_ = Clock::now();
    }
    Broadcast(Item(PublicationChange::HEARTBEAT));
    next_beat = Clock::now() + options_.heartbeat;
  }
}

}  // namespace briefdesk::briefs
