#include "services/gateway/route_table.h"

#include <algorithm>

#include "absl/strings/str_split.h"

namespace briefdesk::gateway {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 1;  // paths start with '/'
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Matches one segment; on a parameter, stores its decoded value.
bool MatchSegment(const Segment& s, std::string_view got,
                  std::map<std::string, std::string>* params) {
  if (s.param.empty()) return got == s.literal;
  std::string_view value = got;
  if (!s.suffix.empty()) {
    if (got.size() <= s.suffix.size() ||
        got.substr(got.size() - s.suffix.size()) != s.suffix) {
      return false;
    }
    value = got.substr(0, got.size() - s.suffix.size());
  }
  // A plain parameter never swallows a custom verb ("x:submit").
  if (value.empty() || value.find(':') != std::string_view::npos) return false;
  (*params)[s.param] = PercentDecode(value, false);
  return true;
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Segment> ParseTemplate(std::string_view path) {
  std::vector<Segment> out;
  for (std::string_view part : SplitPath(path)) {
    Segment s;
    if (!part.empty() && part.front() == '{') {
      size_t close = part.find('}');
      s.param = std::string(part.substr(1, close - 1));
      s.suffix = std::string(part.substr(close + 1));
    } else {
      s.literal = std::string(part);
    }
    out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<RouteTable> RouteTable::ForServices(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  RouteTable table;
  for (const auto* service : services) {
    if (service == nullptr) return absl::NotFoundError("no such service");
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      if (!m->options().HasExtension(common::v1::http)) continue;
      Route r;
      r.http = m->options().GetExtension(common::v1::http);
      r.rpc = "/" + service->full_name() + "/" + m->name();
      r.service = service->full_name();
      r.method = m;
      if (absl::Status s = table.Add(std::move(r)); !s.ok()) return s;
    }
  }
  return table;
}

void RouteTable::AddOwn(std::string method, std::string path,
                        std::string summary, bool is_public) {
  Route r;
  r.http.set_method(std::move(method));
  r.http.set_path(std::move(path));
  r.http.set_summary(std::move(summary));
  r.http.set_public_(is_public);
  Add(std::move(r)).IgnoreError();
}

absl::Status RouteTable::Add(Route route) {
  route.segments = ParseTemplate(route.http.path());
  for (const Route& r : routes_) {
    if (r.http.method() == route.http.method() &&
        r.http.path() == route.http.path()) {
      return absl::AlreadyExistsError("route declared twice: " +
                                      route.http.method() + " " +
                                      route.http.path());
    }
  }
  routes_.push_back(std::move(route));
  return absl::OkStatus();
}

RouteTable::Found RouteTable::Find(std::string_view method,
                                   std::string_view path) const {
  Found best;
  int best_literals = -1;
  std::vector<std::string_view> parts = SplitPath(path);
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    // Literal segments weigh most, then suffixes: /published/feed.atom over
    // /published/{slug}.md over /published/{slug}.
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < parts.size(); ++i) {
      ok = MatchSegment(r.segments[i], parts[i], &params);
      literals += r.segments[i].param.empty() ? 2 : !r.segments[i].suffix.empty();
    }
    if (!ok) continue;
    if (r.http.method() != method) {
      if (std::find(best.allowed_methods.begin(), best.allowed_methods.end(),
                    r.http.method()) == best.allowed_methods.end()) {
        best.allowed_methods.push_back(r.http.method());
      }
      continue;
    }
    // The most literal match wins: /v1/users/me over /v1/users/{id}.
    if (literals > best_literals) {
      best_literals = literals;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  if (best.route != nullptr) best.allowed_methods.clear();
  return best;
}

}  // namespace briefdesk::gateway
