// A strict reader of the Prometheus text exposition format (version 0.0.4),
// for tests of /metrics: every line a comment, a HELP or TYPE line, or a
// sample `name{label="value",...} number`; a family's TYPE before its
// samples and once; names and label names by the format's grammar;
// histogram buckets cumulative and ending in le="+Inf" equal to _count.
#ifndef BRIEFDESK_TESTS_HARNESS_PROMETHEUS_H_
#define BRIEFDESK_TESTS_HARNESS_PROMETHEUS_H_

#include <map>
#include <string>

namespace briefdesk::testing {

struct Exposition {
  std::string error;                         // empty when the text is valid
  std::map<std::string, std::string> types;  // family -> counter, gauge, ...
  // Series as written (`name{a="b"}`, labels in their order) -> value.
  std::map<std::string, double> samples;

  // The sum of the samples of `name` whose labels contain `has` (each of
  // `has` given as a="b"); 0 when none.
  double Sum(const std::string& name,
             std::initializer_list<std::string> has = {}) const;
  bool Has(const std::string& name) const;
};

Exposition ParsePrometheus(const std::string& text);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_PROMETHEUS_H_
