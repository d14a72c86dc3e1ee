// Counters and latency histograms in the Prometheus text exposition format.
// Label sets are fixed strings (e.g. route="/v1/briefs/{id}",code="200"), so a
// family holds at most one series per route and status.
#ifndef BRIEFDESK_LIBS_METRICS_METRICS_H_
#define BRIEFDESK_LIBS_METRICS_METRICS_H_

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace briefdesk::metrics {

class Registry {
 public:
  // Adds `value` to the counter `name{labels}`.
  void Count(const std::string& name, const std::string& labels,
             double value = 1);
  // Records an observation in seconds in the histogram `name{labels}`.
  void Observe(const std::string& name, const std::string& labels,
               double seconds);
  // Sets the gauge `name{labels}`.
  void Set(const std::string& name, const std::string& labels, double value);
  void Describe(const std::string& name, const std::string& type,
                const std::string& help);

  // Runs `collect` before every Render, outside the registry's lock, to
  // refresh gauges read from elsewhere (a queue's depth, a table's backlog).
  void OnScrape(std::function<void()> collect);

  // Runs the scrape callbacks, then renders every family.
  std::string Scrape();
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    std::string type, help;
    std::map<std::string, double> values;  // counters and gauges
    std::map<std::string, Histogram> histograms;
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  std::mutex collect_mu_;  // one scrape's callbacks at a time
  std::vector<std::function<void()>> collectors_;
};

// Label value escaping for the text format: backslash, quote, newline.
std::string EscapeLabel(const std::string& value);

}  // namespace briefdesk::metrics

#endif  // BRIEFDESK_LIBS_METRICS_METRICS_H_
