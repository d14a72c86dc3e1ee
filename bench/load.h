// The benchmarks' load generator: N keep-alive HTTP/1.1 connections to one
// port on 127.0.0.1, spread over a few threads, each driven by its own
// Client that builds the next request from the answer to the previous one
// (a PATCH follows its own brief's ETag, an expert completes the task it
// just claimed). A run has a warm-up, whose answers are not counted, then a
// measured window; latencies are kept as samples and sorted once.
#ifndef BRIEFDESK_BENCH_LOAD_H_
#define BRIEFDESK_BENCH_LOAD_H_

#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace briefdesk::bench {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Latencies in microseconds: every sample, sorted on first use.
class Latencies {
 public:
  void Add(uint32_t micros) {
    samples_.push_back(micros);
    sorted_ = false;
  }
  void Merge(const Latencies& other);
  size_t count() const { return samples_.size(); }
  // The p-th percentile (0 to 100) in milliseconds; -1 without samples.
  double PercentileMs(double p);

 private:
  std::vector<uint32_t> samples_;
  bool sorted_ = true;
};

// One connection's side of a scenario.
class Client {
 public:
  virtual ~Client() = default;
  // Fills `req` (method, target, headers, body: the generator adds Host,
  // keep-alive and the length) and returns its kind, an index into
  // LoadOptions::kinds; -1 ends this connection.
  virtual int Next(Request* req) = 0;
  // The answer to the request Next made: "" when it is what was expected,
  // else what is wrong with it (the run counts it as an error).
  virtual std::string OnAnswer(const Response& res);
};

// GET of one fixed path with no key, 200 expected: the baselines and the
// published pages.
class GetClient : public Client {
 public:
  explicit GetClient(std::string path) : path_(std::move(path)) {}
  int Next(Request* req) override;
  std::string OnAnswer(const Response& res) override;

 private:
  std::string path_;
};

struct LoadOptions {
  int port = 0;
  int connections = 64;
  int threads = 2;
  std::chrono::duration<double> warmup{2};
  std::chrono::duration<double> measure{10};
  // Names of the kinds of request a Client makes; each gets its latencies.
  std::vector<std::string> kinds = {"request"};
  // Run on the calling thread as the measured window opens and closes (to
  // sample CPU times): the window is exactly what these see.
  std::function<void()> on_start = [] {};
  std::function<void()> on_end = [] {};
};

struct KindResult {
  std::string name;
  uint64_t count = 0;  // answered in the window
  Latencies latencies;
};

struct LoadResult {
  double seconds = 0;  // the measured window
  std::vector<KindResult> kinds;
  uint64_t answered = 0;    // every answer, warm-up included
  uint64_t errors = 0;      // warm-up included: any error fails a line
  std::string first_error;  // what the first one was
  int finished_early = 0;   // connections whose Client ended before time
};

// Runs the load and returns once every connection has stopped: at the end
// of the window, or earlier when every Client has ended.
LoadResult RunLoad(const LoadOptions& options,
                   const std::function<std::unique_ptr<Client>(int)>& make);

// "" for a 2xx answer, else "HTTP <status>: <start of the body>".
std::string Expect2xx(const Response& res);
// The same, for one exact status.
std::string ExpectStatus(const Response& res, int status);

}  // namespace briefdesk::bench

#endif  // BRIEFDESK_BENCH_LOAD_H_
