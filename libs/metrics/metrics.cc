#include "libs/metrics/metrics.h"

#include <charconv>

namespace briefdesk::metrics {
namespace {

std::string Series(const std::string& name, const std::string& labels,
                   const std::string& extra = "") {
  std::string all = labels;
  if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
  return all.empty() ? name : name + "{" + all + "}";
}

// Shortest text that reads back as the same double: 0.0025, not
// 0.0025000000000000001.
std::string Number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

}  // namespace

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Registry::Describe(const std::string& name, const std::string& type,
                        const std::string& help) {
  std::lock_guard lock(mu_);
  Family& f = families_[name];
  f.type = type;
  f.help = help;
}

void Registry::Count(const std::string& name, const std::string& labels,
                     double value) {
  std::lock_guard lock(mu_);
  Family& f = families_[name];
  if (f.type.empty()) f.type = "counter";
  f.values[labels] += value;
}

void Registry::Set(const std::string& name, const std::string& labels,
                   double value) {
  std::lock_guard lock(mu_);
  Family& f = families_[name];
  if (f.type.empty()) f.type = "gauge";
  f.values[labels] = value;
}

void Registry::Observe(const std::string& name, const std::string& labels,
                       double seconds) {
  std::lock_guard lock(mu_);
  Family& f = families_[name];
  if (f.type.empty()) f.type = "histogram";
  Histogram& h = f.histograms[labels];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Registry::OnScrape(std::function<void()> collect) {
  std::lock_guard lock(collect_mu_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Scrape() {
  {
    std::lock_guard lock(collect_mu_);
    for (const auto& collect : collectors_) collect();
  }
  return Render();
}

std::string Registry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, v] : f.values) {
      out += Series(name, labels) + " " + Number(v) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out += Series(name + "_bucket", labels,
                      "le=\"" + Number(kBuckets[i]) + "\"") +
               " " + std::to_string(h.buckets[i]) + "\n";
      }
      out += Series(name + "_bucket", labels, "le=\"+Inf\"") + " " +
             std::to_string(h.count) + "\n";
      out += Series(name + "_sum", labels) + " " + Number(h.sum) + "\n";
      out += Series(name + "_count", labels) + " " + std::to_string(h.count) +
             "\n";
    }
  }
  return out;
}

}  // namespace briefdesk::metrics
