#include "tests/harness/prometheus.h"

#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>
#include <vector>

namespace briefdesk::testing {
namespace {

const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
// One label pair: name="value" with \\, \" and \n the only escapes.
const std::regex kLabel(
    R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)")re");

bool ParseValue(const std::string& s, double* out) {
  if (s == "+Inf") {
    *out = INFINITY;
    return true;
  }
  if (s == "-Inf") {
    *out = -INFINITY;
    return true;
  }
  if (s == "NaN") {
    *out = NAN;
    return true;
  }
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// The family a sample belongs to: histogram and summary samples carry a
// suffix.
std::string FamilyOf(const std::string& name,
                     const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string sfx = suffix;
    if (name.size() > sfx.size() &&
        name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0) {
      std::string base = name.substr(0, name.size() - sfx.size());
      auto it = types.find(base);
      if (it != types.end() &&
          (it->second == "histogram" || it->second == "summary")) {
        return base;
      }
    }
  }
  return name;
}

}  // namespace

Exposition ParsePrometheus(const std::string& text) {
  Exposition e;
  std::set<std::string> seen_samples_of;
  // histogram series (labels without le) -> bucket values in order, count
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> counts;
  size_t pos = 0;
  int line_no = 0;
  auto fail = [&](const std::string& why, const std::string& line) {
    e.error = "line " + std::to_string(line_no) + ": " + why + ": " + line;
    return e;
  };
  if (!text.empty() && text.back() != '\n') {
    return fail("the text does not end in a newline", "");
  }
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::smatch m;
      static const std::regex help("# HELP ([^ ]+) ?(.*)");
      static const std::regex type(
          "# TYPE ([^ ]+) (counter|gauge|histogram|summary|untyped)");
      if (std::regex_match(line, m, type)) {
        std::string name = m[1];
        if (!std::regex_match(name, kName))
          return fail("bad metric name", line);
        if (e.types.count(name)) return fail("a second TYPE line", line);
        if (seen_samples_of.count(name))
          return fail("TYPE after samples", line);
        e.types[name] = m[2];
      } else if (std::regex_match(line, m, help)) {
        if (!std::regex_match(std::string(m[1]), kName))
          return fail("bad metric name", line);
      } else if (line.rfind("# HELP", 0) == 0 || line.rfind("# TYPE", 0) == 0) {
        return fail("malformed HELP or TYPE", line);
      }
      continue;
    }
    // name, optional {labels}, value, optional timestamp
    size_t name_end = line.find_first_of("{ ");
    if (name_end == std::string::npos) return fail("no value", line);
    std::string name = line.substr(0, name_end);
    if (!std::regex_match(name, kName)) return fail("bad metric name", line);
    std::string labels;
    size_t rest = name_end;
    std::vector<std::pair<std::string, std::string>> pairs;
    if (line[name_end] == '{') {
      size_t i = name_end + 1;
      while (i < line.size() && line[i] != '}') {
        std::smatch m;
        std::string tail = line.substr(i);
        if (!std::regex_search(tail, m, kLabel,
                               std::regex_constants::match_continuous)) {
          return fail("bad label", line);
        }
        pairs.emplace_back(m[1], m[2]);
        i += m.length(0);
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size()) return fail("unclosed labels", line);
      labels = line.substr(name_end + 1, i - name_end - 1);
      rest = i + 1;
    }
    if (rest >= line.size() || line[rest] != ' ')
      return fail("no space before the value", line);
    std::string value_text = line.substr(rest + 1);
    if (size_t sp = value_text.find(' '); sp != std::string::npos) {
      value_text = value_text.substr(0, sp);  // a timestamp follows
    }
    double value = 0;
    if (!ParseValue(value_text, &value)) return fail("bad value", line);
    std::string family = FamilyOf(name, e.types);
    seen_samples_of.insert(family);
    std::string series = labels.empty() ? name : name + "{" + labels + "}";
    if (e.samples.count(series)) return fail("a repeated series", line);
    e.samples[series] = value;
    auto type = e.types.find(family);
    if (type != e.types.end() && type->second == "histogram") {
      std::string key, le;
      for (const auto& [k, v] : pairs) {
        if (k == "le")
          le = v;
        else
          key += k + "=" + v + ",";
      }
      if (name == family + "_bucket") {
        double bound = 0;
        if (!ParseValue(le, &bound))
          return fail("bucket without a number le", line);
        buckets[family + "{" + key].emplace_back(bound, value);
      } else if (name == family + "_count") {
        counts[family + "{" + key] = value;
      }
    } else if (type != e.types.end() && type->second == "counter" &&
               value < 0) {
      return fail("a negative counter", line);
    }
  }
  for (const auto& [series, list] : buckets) {
    for (size_t i = 1; i < list.size(); ++i) {
      if (list[i].first <= list[i - 1].first ||
          list[i].second < list[i - 1].second) {
        e.error = "histogram buckets not increasing: " + series;
        return e;
      }
    }
    if (list.empty() || !std::isinf(list.back().first) ||
        !counts.count(series) || counts[series] != list.back().second) {
      e.error = "histogram without +Inf equal to _count: " + series;
      return e;
    }
  }
  return e;
}

double Exposition::Sum(const std::string& name,
                       std::initializer_list<std::string> has) const {
  double sum = 0;
  for (const auto& [series, value] : samples) {
    if (series != name && series.rfind(name + "{", 0) != 0) continue;
    bool all = true;
    for (const std::string& h : has) {
      if (series.find(h) == std::string::npos) all = false;
    }
    if (all) sum += value;
  }
  return sum;
}

bool Exposition::Has(const std::string& name) const {
  for (const auto& [series, value] : samples) {
    if (series == name || series.rfind(name + "{", 0) == 0) return true;
  }
  return false;
}

}  // namespace briefdesk::testing
