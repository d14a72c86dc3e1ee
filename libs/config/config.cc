#include "libs/config/config.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace briefdesk::config {

std::string String(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return (v == nullptr || *v == '\0') ? fallback : std::string(v);
}

absl::StatusOr<int64_t> Int(const char* name, int64_t fallback, int64_t min,
                            int64_t max) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  int64_t out = 0;
  if (!absl::SimpleAtoi(v, &out) || out < min || out > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, "=", v, " is not a whole number in [", min, ", ", max, "]"));
  }
  return out;
}

absl::StatusOr<bool> Bool(const char* name, bool fallback) {
  std::string v = String(name, fallback ? "true" : "false");
  if (v != "true" && v != "false") {
    return absl::InvalidArgumentError(
        absl::StrCat(name, "=", v, " is not true or false"));
  }
  return v == "true";
}

absl::StatusOr<std::string> Required(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    return absl::InvalidArgumentError(absl::StrCat(name, " must be set"));
  }
  return std::string(v);
}

absl::StatusOr<Address> HostPort(const char* name,
                                 const std::string& fallback) {
  std::string v = String(name, fallback);
  size_t colon = v.rfind(':');
  Address a;
  if (colon != std::string::npos) a.host = v.substr(0, colon);
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']') {
    a.host = a.host.substr(1, a.host.size() - 2);
  }
  if (colon == std::string::npos || a.host.empty() ||
      !absl::SimpleAtoi(v.substr(colon + 1), &a.port) || a.port < 0 ||
      a.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, "=", v, " is not host:port"));
  }
  return a;
}

}  // namespace briefdesk::config
