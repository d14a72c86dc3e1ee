// What gateways need to keep their caches of published pages exact, across
// replicas: a publication, return or retraction NOTIFYs at its commit
// (brief_store's AnnouncePublicationChange, in the transition's transaction);
// every replica LISTENs on a connection of its own and passes each change to
// the gateways that watch it (the PublicationWatch RPC). A stream is
// established only while the replica listens; when it could miss a change
// (its LISTEN connection broke, or is not confirmed for a while) or stops,
// its streams end, and gateways watch again, here or elsewhere.
#ifndef BRIEFDESK_SERVICES_BRIEFS_PUBLICATION_WATCH_H_
#define BRIEFDESK_SERVICES_BRIEFS_PUBLICATION_WATCH_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "briefdesk/briefs/v1/briefs.grpc.pb.h"

namespace briefdesk::briefs {

// The NOTIFY channel. The payload is the slug of the brief whose page
// changed, "" when it has none (only the lists changed), "*" when any page
// may have (operators announce changes made by hand so).
extern const char kPublishedChannel[];

class PublicationWatchService final
    : public v1::PublicationWatch::CallbackService {
 public:
  struct Options {
    std::chrono::milliseconds heartbeat{5000};
    std::chrono::milliseconds min_backoff{100};
    std::chrono::milliseconds max_backoff{5000};
  };

  PublicationWatchService(std::string conninfo, Options options);
  ~PublicationWatchService() override;

  // Starts listening (a thread with its own connection).
  void Start();
  // Ends every stream and stops listening; new calls are UNAVAILABLE.
  void Stop();

  grpc::ServerWriteReactor<v1::PublicationChange>* WatchPublications(
      grpc::CallbackServerContext* context,
      const v1::WatchPublicationsRequest* request) override;

 private:
  class Stream;
  void Run();
  // Listens on `conn` until it breaks (an exception) or Stop; sets
  // `*listened` once LISTEN is in force.
  void Listen(pqxx::connection& conn, bool* listened);
  void Broadcast(const v1::PublicationChange& change);
  // Listening or not; when not, every stream ends with UNAVAILABLE.
  void SetListening(bool listening);
  void Forget(Stream* stream);

  const std::string conninfo_;
  const Options options_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;  // Stop wakes the listener's backoff
  bool listening_ = false;      // under mu_, and:
  // the last time the LISTEN connection was confirmed to work
  std::chrono::steady_clock::time_point confirmed_;
  std::map<Stream*, std::shared_ptr<Stream>> streams_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_PUBLICATION_WATCH_H_
