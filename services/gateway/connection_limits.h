// How many connections the gateway holds, so that a flood of idle ones can
// neither exhaust its file descriptors nor keep other clients out: a cap in
// all, a cap per client address, and, at the cap, the connection that has
// waited longest for a request is closed to make room for a new one.
// Thread-safe; it knows nothing of sockets (each connection gives a
// callback that closes it on its own strand).
#ifndef BRIEFDESK_SERVICES_GATEWAY_CONNECTION_LIMITS_H_
#define BRIEFDESK_SERVICES_GATEWAY_CONNECTION_LIMITS_H_

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace briefdesk::gateway {

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  // `per_client` 0: no cap per address (behind a proxy every connection
  // comes from the proxy).
  ConnectionLimits(size_t total, size_t per_client)
      : total_(total), per_client_(per_client) {}

  class Ticket;
  // A connection from `client` (its address as text). Make the limits with
  // std::make_shared: tickets keep them alive. nullptr when it must
  // be refused: its client holds `per_client` already, or the gateway holds
  // `total` and none of them is idle. `shed` closes the connection; it is
  // called (at most once, under no lock of this class) when the connection
  // is idle and room is needed.
  std::shared_ptr<Ticket> Admit(const std::string& client,
                                std::function<void()> shed);

  size_t open() const;
  size_t total() const { return total_; }
  size_t per_client() const { return per_client_; }

 private:
  void SetIdle(Ticket* t, bool idle);
  void Release(Ticket* t);

  const size_t total_, per_client_;
  mutable std::mutex mu_;
  size_t open_ = 0;
  size_t shedding_ = 0;  // asked to close, not closed yet
  std::map<std::string, size_t> by_client_;
  std::list<Ticket*> idle_;  // oldest idle first
};

class ConnectionLimits::Ticket {
 public:
  ~Ticket() { limits_->Release(this); }
  // Idle: waiting for a request (sheddable); busy: reading one, being
  // answered, or streaming events.
  void SetIdle(bool idle) { limits_->SetIdle(this, idle); }

 private:
  friend class ConnectionLimits;
  Ticket(std::shared_ptr<ConnectionLimits> limits, std::string client,
         std::function<void()> shed)
      : limits_(std::move(limits)),
        client_(std::move(client)),
        shed_(std::move(shed)) {}
  std::shared_ptr<ConnectionLimits> limits_;
  std::string client_;
  std::function<void()> shed_;
  bool idle_ = false, shed_asked_ = false;
  std::list<Ticket*>::iterator in_idle_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_CONNECTION_LIMITS_H_
