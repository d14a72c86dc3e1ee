#include "libs/logging/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace briefdesk::logging {
namespace {

thread_local std::string request_id;

std::string& ServiceName() {
  static std::string name = "briefdesk";
  return name;
}

void Log(spdlog::level::level_enum level, std::string_view level_name,
         std::string_view event, std::initializer_list<Field> fields) {
  boost::json::object line;
  line["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                  absl::UTCTimeZone());
  line["level"] = level_name;
  line["service"] = ServiceName();
  line["event"] = event;
  if (!request_id.empty()) line["request_id"] = request_id;
  for (const auto& [k, v] : fields) line[k] = v;
  spdlog::log(level, "{}", boost::json::serialize(line));
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
