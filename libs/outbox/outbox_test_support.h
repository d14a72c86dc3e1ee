// What libs/outbox's tests share: a database with the outbox's tables on a
// PostgreSQL of the test binary's own, fake receivers (an EventSink on a
// real loopback gRPC server, in process) that record what they were given,
// and bounded waits. Only the public API of libs/outbox/outbox.h is used.
#ifndef BRIEFDESK_LIBS_OUTBOX_OUTBOX_TEST_SUPPORT_H_
#define BRIEFDESK_LIBS_OUTBOX_OUTBOX_TEST_SUPPORT_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "libs/storage/migrations.h"
#include "tests/harness/postgres.h"

namespace briefdesk::outbox {

// For GoogleTest's messages.
inline void PrintTo(Relay::Wait w, std::ostream* os) {
  static const char* const kNames[] = {"kDelivered", "kNotHere", "kFailing",
                                       "kTimedOut"};
  *os << kNames[static_cast<int>(w)];
}

}  // namespace briefdesk::outbox

namespace briefdesk::outbox::test_support {

// The binary's database, with the outbox's tables, made once.
inline const std::string& DatabaseUrl() {
  static const std::string url = [] {
    static briefdesk::testing::Postgres server;
    server.Start();
    server.CreateDatabase("outbox");
    std::string u = server.url("outbox");
    pqxx::connection conn(u);
    absl::Status s = storage::Migrate(conn, Migrations(), kMigrationsTable);
    if (!s.ok() || !auth::Init()) {
      ADD_FAILURE() << "cannot set up the outbox database: " << s;
      std::abort();
    }
    return u;
  }();
  return url;
}

// A destination of the running test's own, so rows of other tests in the
// same binary never reach its receivers.
inline std::string TestDestination(const std::string& suffix = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->name()) + suffix;
}

// Fast retries, so that tests with failing receivers end quickly.
inline RelayOptions FastRetries() {
  RelayOptions o;
  o.min_backoff = std::chrono::milliseconds(10);
  o.max_backoff = std::chrono::milliseconds(50);
  return o;
}

// True once `done` holds, false when it still does not after `timeout`.
inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// What a receiver was given, and how it answers.
class Receiver {
 public:
  // The next `n` calls fail with UNAVAILABLE.
  void FailNext(int n) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
  }
  // While down, every call fails with UNAVAILABLE.
  void SetDown(bool down) {
    std::lock_guard lock(mu_);
    down_ = down;
  }
  // One call carrying `events` (in order); records them when it succeeds.
  grpc::Status Take(const std::vector<Event>& events, bool batch) {
    std::lock_guard lock(mu_);
    ++(batch ? batch_calls_ : single_calls_);
    if (!events.empty()) offered_first_.push_back(events.front().id());
    if (down_ || fail_next_ > 0) {
      if (fail_next_ > 0) --fail_next_;
      ++failed_;
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "receiver is down");
    }
    for (const Event& e : events) ids_.push_back(e.id());
    return grpc::Status::OK;
  }
  // The ids of the events accepted, in the order they arrived.
  std::vector<std::string> ids() const {
    std::lock_guard lock(mu_);
    return ids_;
  }
  // The first event id of every call, failed ones included.
  std::vector<std::string> offered_first() const {
    std::lock_guard lock(mu_);
    return offered_first_;
  }
  int failed() const { return Get(failed_); }
  int batch_calls() const { return Get(batch_calls_); }
  int single_calls() const { return Get(single_calls_); }

 private:
  int Get(const int& n) const {
    std::lock_guard lock(mu_);
    return n;
  }
  mutable std::mutex mu_;
  int fail_next_ = 0;
  bool down_ = false;
  int failed_ = 0, batch_calls_ = 0, single_calls_ = 0;
  std::vector<std::string> ids_, offered_first_;
};

// A receiver of the current version: Deliver and DeliverBatch.
class BatchSink final : public events::v1::EventSink::Service {
 public:
  explicit BatchSink(Receiver* r) : r_(r) {}
  grpc::Status Deliver(grpc::ServerContext*, const Event* e,
                       events::v1::Ack*) override {
    return r_->Take({*e}, false);
  }
  grpc::Status DeliverBatch(grpc::ServerContext*,
                            const events::v1::EventBatch* b,
                            events::v1::Ack*) override {
    return r_->Take({b->events().begin(), b->events().end()}, true);
  }

 private:
  Receiver* r_;
};

// A receiver of an older version: without DeliverBatch (UNIMPLEMENTED).
class OldSink final : public events::v1::EventSink::Service {
 public:
  explicit OldSink(Receiver* r) : r_(r) {}
  grpc::Status Deliver(grpc::ServerContext*, const Event* e,
                       events::v1::Ack*) override {
    return r_->Take({*e}, false);
  }

 private:
  Receiver* r_;
};

// A fake receiver served on 127.0.0.1 on a port of its own.
class SinkServer {
 public:
  explicit SinkServer(bool batches = true) {
    if (batches) {
      service_ = std::make_unique<BatchSink>(&receiver);
    } else {
      service_ = std::make_unique<OldSink>(&receiver);
    }
    // As the services do: the relays' channels health-check their target.
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      ADD_FAILURE() << "cannot start the fake EventSink";
      std::abort();
    }
  }
  ~SinkServer() {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(1));
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

  Receiver receiver;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
};

// Commits `n` new events for `destinations` in one transaction; returns
// their ids in the order they were enqueued.
inline std::vector<std::string> CommitEvents(
    int n, const std::vector<std::string>& destinations,
    Written* written = nullptr) {
  pqxx::connection conn(DatabaseUrl());
  pqxx::work tx(conn);
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    Event e = NewEvent(events::v1::BRIEF_SUBMITTED,
                       "brief-" + std::to_string(i), "tester");
    Enqueue(tx, e, destinations, written);
    ids.push_back(e.id());
  }
  tx.commit();
  return ids;
}

// Stops `relay` without waiting for its idle poll to end: NOTIFYs on the
// outbox channel until Stop() returns (an idle relay waits for a NOTIFY or
// the end of its poll before it sees the stop).
inline void StopPromptly(Relay& relay) {
  auto stopped = std::async(std::launch::async, [&] { relay.Stop(); });
  pqxx::connection conn(DatabaseUrl());
  while (stopped.wait_for(std::chrono::milliseconds(50)) !=
         std::future_status::ready) {
    pqxx::nontransaction(conn).exec_params("SELECT pg_notify($1, $2)",
                                           std::string(kNotifyChannel), "stop");
  }
}

}  // namespace briefdesk::outbox::test_support

#endif  // BRIEFDESK_LIBS_OUTBOX_OUTBOX_TEST_SUPPORT_H_
