// The open streams of this replica, by person. Whoever writes notifications
// tells the hub whose they were, and only those people's streams read the
// database; one timer (stream_clock.h) beats for all of them at once. No
// stream holds a thread: they are woken, and read on a small worker pool.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_HUB_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_HUB_H_

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace briefdesk::notification {

class Hub {
 public:
  // What the hub holds: an open stream (open_stream.h). Each call may come
  // from any thread and must not block.
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    virtual void Wake() = 0;  // notifications may have been written for it
    virtual void Beat() = 0;  // a heartbeat is due
    virtual void Stop() = 0;  // the server is draining: end
  };

  // False once the hub stopped: the stream must end at once. A call that
  // carries many streams (Watch) joins under the empty name, which no
  // write names, to hear Stop.
  bool Add(const std::string& user, std::shared_ptr<Subscriber> subscriber);
  void Remove(const std::string& user, const Subscriber* subscriber);

  // Notifications were written for `users`: their streams read them.
  void Notify(const std::vector<std::string>& users);
  // Every stream reads what it may have missed.
  void NotifyAll();
  // Every stream sends a heartbeat.
  void Beat();
  // Every stream ends, and none opens any more.
  void Stop();
  // How many streams are open.
  size_t size() const;

 private:
  // The subscribers of `users` (all when null), called outside the lock.
  std::vector<std::shared_ptr<Subscriber>> Of(
      const std::vector<std::string>* users) const;

  mutable std::mutex mu_;
  std::unordered_multimap<std::string, std::shared_ptr<Subscriber>> open_;
  bool stopped_ = false;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_HUB_H_
