// Configuration from environment variables, read once at start-up. Every
// variable is documented in docs/configuration.md with its default.
#ifndef BRIEFDESK_LIBS_CONFIG_CONFIG_H_
#define BRIEFDESK_LIBS_CONFIG_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace briefdesk::config {

// The variable's value, or `fallback` when it is unset or empty.
std::string String(const char* name, const std::string& fallback);

// An integer in [min, max]; an unset variable gives `fallback`, a malformed or
// out-of-range one an INVALID_ARGUMENT naming it, so start-up fails fast.
absl::StatusOr<int64_t> Int(const char* name, int64_t fallback, int64_t min,
                            int64_t max);

// "true" or "false"; unset gives `fallback`, anything else INVALID_ARGUMENT.
absl::StatusOr<bool> Bool(const char* name, bool fallback);

// A required variable: INVALID_ARGUMENT naming it when unset.
absl::StatusOr<std::string> Required(const char* name);

// A listening or connecting address, "host:port" (IPv6 as "[::1]:port").
struct Address {
  std::string host;
  int port = 0;
};

// The variable as an Address (unset gives `fallback`); INVALID_ARGUMENT
// naming it when there is no host, or the port is not in [0, 65535].
absl::StatusOr<Address> HostPort(const char* name, const std::string& fallback);

}  // namespace briefdesk::config

#endif  // BRIEFDESK_LIBS_CONFIG_CONFIG_H_
