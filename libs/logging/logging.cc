#include "libs/logging/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <cstdio>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace briefdesk::logging {
namespace {

thread_local std::string request_id;

std::string& ServiceName() {
  static std::string name = "briefdesk";
  return name;
}

// "2026-12-02T01:02:03.456Z", formatted anew only when the second changes.
void AppendTime(std::string* out) {
  thread_local int64_t second = -1;
  thread_local std::string prefix;  // up to the seconds' digits
  absl::Time now = absl::Now();
  int64_t ms = absl::ToUnixMillis(now);
  if (ms / 1000 != second) {
    second = ms / 1000;
    prefix = absl::FormatTime("%Y-%m-%dT%H:%M:%S", now, absl::UTCTimeZone());
  }
  char frac[8];
  snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
  out->append(prefix).append(frac);
}

void AppendField(std::string* out, std::string_view key,
                 std::string_view value) {
  out->append(",\"").append(key).append("\":");
  out->append(boost::json::serialize(
      boost::json::string_view(value.data(), value.size())));
}

// One JSON object per line, written straight into one string: keys are
// this code's own (plain ASCII), values are escaped by Boost.JSON.
void Log(spdlog::level::level_enum level, std::string_view level_name,
         std::string_view event, std::initializer_list<Field> fields) {
  std::string line = "{\"time\":\"";
  line.reserve(256);
  AppendTime(&line);
  line.append("\"");
  AppendField(&line, "level", level_name);
  AppendField(&line, "service", ServiceName());
  AppendField(&line, "event", event);
  bool own_id = false;  // a field that names the request itself
  for (const auto& [k, v] : fields) own_id |= k == "request_id";
  if (!request_id.empty() && !own_id) {
    AppendField(&line, "request_id", request_id);
  }
  for (const auto& [k, v] : fields) AppendField(&line, k, v);
  line.push_back('}');
  spdlog::log(level, "{}", line);
}

}  // namespace

void Init(std::string_view service) {
  ServiceName() = std::string(service);
  auto logger = spdlog::stderr_logger_mt("briefdesk");
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);
  spdlog::flush_on(spdlog::level::warn);
}

void SetRequestId(std::string_view id) { request_id.assign(id); }
std::string_view RequestId() { return request_id; }

void Info(std::string_view event, std::initializer_list<Field> fields) {
  Log(spdlog::level::info, "info", event, fields);
}
void Warn(std::string_view event, std::initializer_list<Field> fields) {
  Log(spdlog::level::warn, "warn", event, fields);
}
void Error(std::string_view event, std::initializer_list<Field> fields) {
  Log(spdlog::level::err, "error", event, fields);
}

}  // namespace briefdesk::logging
