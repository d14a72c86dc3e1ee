// The gateway: REST/JSON on Boost.Beast in front of the gRPC services.
// Configuration: docs/configuration.md.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/rpc/rpc.h"
#include "libs/service/drain.h"
#include "services/gateway/gateway.h"
#include "services/gateway/grpc_backends.h"
#include "services/gateway/http_server.h"
#include "services/gateway/published_cache.h"
#include "services/gateway/published_watch.h"
#include "services/gateway/publishing.h"

namespace bd = briefdesk;
namespace gw = briefdesk::gateway;

namespace {

int Fail(const absl::Status& s) {
  bd::logging::Error("startup_failed", {{"error", s.ToString()}});
  return 1;
}

// Every integer setting, read once; the first bad one stops start-up.
struct Settings {
  int64_t port, threads, rpc_timeout_ms, auth_cache_ms, rate_limit, read_s,
      idle_s, max_connections, max_per_client, cache_entries, cache_mb, cache_s,
      public_rate;
};

absl::StatusOr<Settings> Read() {
  struct Item {
    const char* name;
    int64_t fallback, min, max;
    int64_t Settings::*field;
  };
  const Item items[] = {
      {"BRIEFDESK_HTTP_PORT", 8080, 0, 65535, &Settings::port},
      {"BRIEFDESK_HTTP_THREADS", 2, 1, 64, &Settings::threads},
      {"BRIEFDESK_RPC_TIMEOUT_MS", 10000, 100, 600000,
       &Settings::rpc_timeout_ms},
      {"BRIEFDESK_AUTH_CACHE_MS", 5000, 0, 5000, &Settings::auth_cache_ms},
      {"BRIEFDESK_RATE_LIMIT_PER_MINUTE", 600, 0, 1000000,
       &Settings::rate_limit},
      {"BRIEFDESK_HTTP_READ_TIMEOUT_SECONDS", 30, 1, 3600, &Settings::read_s},
      {"BRIEFDESK_HTTP_IDLE_TIMEOUT_SECONDS", 60, 1, 3600, &Settings::idle_s},
      {"BRIEFDESK_HTTP_MAX_CONNECTIONS", 16384, 16, 1000000,
       &Settings::max_connections},
      {"BRIEFDESK_HTTP_MAX_CONNECTIONS_PER_CLIENT", 256, 0, 1000000,
       &Settings::max_per_client},
      {"BRIEFDESK_PUBLISHED_CACHE_ENTRIES", 10000, 0, 1000000,
       &Settings::cache_entries},
      {"BRIEFDESK_PUBLISHED_CACHE_MB", 64, 1, 65536, &Settings::cache_mb},
      {"BRIEFDESK_PUBLISHED_CACHE_SECONDS", 300, 1, 86400, &Settings::cache_s},
      {"BRIEFDESK_PUBLIC_RATE_PER_MINUTE", 30, 0, 1000000,
       &Settings::public_rate},
  };
  Settings s{};
  for (const Item& i : items) {
    auto v = bd::config::Int(i.name, i.fallback, i.min, i.max);
    if (!v.ok()) return v.status();
    s.*i.field = *v;
  }
  return s;
}

// The configured cap, kept below the descriptors the process may open (a
// reserve stays for gRPC channels and logs), so that accept never runs out.
size_t ConnectionCap(int64_t configured) {
  constexpr size_t kReserve = 256;
  size_t files = gw::RaiseFileLimit();
  size_t room = files > 2 * kReserve ? files - kReserve : files / 2;
  size_t cap = std::min(static_cast<size_t>(configured), room);
  bd::logging::Info("connection_cap",
                    {{"max_connections", std::to_string(cap)},
                     {"open_files_limit", std::to_string(files)}});
  return cap;
}

void ExportConnections(const gw::HttpServer& server,
                       bd::metrics::Registry* metrics) {
  metrics->Describe("briefdesk_http_connections", "gauge",
                    "HTTP connections open now.");
  metrics->Describe("briefdesk_http_connections_refused_total", "counter",
                    "Connections closed at once: a cap was reached.");
  metrics->Describe("briefdesk_http_connections_shed_total", "counter",
                    "Idle connections closed to make room for new ones.");
  metrics->Describe("briefdesk_http_accept_errors_total", "counter",
                    "Failed accepts (such as out of file descriptors).");
  metrics->OnScrape([&server, metrics] {
    gw::HttpServer::Stats s = server.stats();
    metrics->Set("briefdesk_http_connections", "", double(s.open));
    metrics->Set("briefdesk_http_connections_refused_total", "",
                 double(s.refused));
    metrics->Set("briefdesk_http_connections_shed_total", "", double(s.shed));
    metrics->Set("briefdesk_http_accept_errors_total", "",
                 double(s.accept_errors));
  });
}

gw::PublishedCache::Limits CacheLimits(const Settings& s) {
  return {.max_entries = static_cast<size_t>(s.cache_entries),
          .max_bytes = static_cast<size_t>(s.cache_mb) << 20,
          .max_age = std::chrono::seconds(s.cache_s)};
}

// The gateway's options from the settings and the environment.
absl::StatusOr<gw::GatewayOptions> Options(const Settings& settings,
                                           const std::string& address) {
  gw::GatewayOptions options;
  options.auth_cache_ttl = std::chrono::milliseconds(settings.auth_cache_ms);
  options.rate_limit_per_minute = static_cast<int>(settings.rate_limit);
  options.public_rate_per_minute = static_cast<int>(settings.public_rate);
  options.app_dir = bd::config::String("BRIEFDESK_APP_DIR", "");
  auto public_url =
      gw::PublicBaseUrl(bd::config::String("BRIEFDESK_PUBLIC_URL", ""), address,
                        static_cast<int>(settings.port));
  if (!public_url.ok()) return public_url.status();
  options.public_url = *public_url;
  std::string cors_error;
  options.cors_origins = gw::ParseOrigins(
      bd::config::String("BRIEFDESK_CORS_ORIGINS", ""), &cors_error);
  if (!cors_error.empty()) return absl::InvalidArgumentError(cors_error);
  return options;
}

// Runs the I/O threads until SIGTERM or SIGINT, then drains (libs/service):
// readiness false at once; after the delay stop accepting and end the event
// streams; in-flight requests get the grace period.
void ServeUntilStopped(boost::asio::io_context& ioc, int thread_count,
                       const bd::service::DrainOptions& drain,
                       gw::Gateway& gateway, gw::HttpServer& server) {
  // Work stays queued while the drain waits, so that the threads are there
  // to end the streams once the listener closed (a stream waiting on gRPC
  // has no I/O pending).
  auto work = boost::asio::make_work_guard(ioc);
  std::vector<std::thread> threads;
  for (int i = 0; i < thread_count; ++i) {
    threads.emplace_back([&ioc] { ioc.run(); });
  }
  std::function<bool()> idle = [&] {
    return gateway.in_flight() == 0 && server.open_streams() == 0;
  };
  bd::service::DrainSteps steps;
  steps.not_ready = [&] { gateway.SetDraining(); };
  steps.stop_accepting = [&] {
    server.StopAccepting();
    server.EndStreams();
  };
  steps.wait = [&](auto deadline) { bd::service::WaitIdle(idle, deadline); };
  bd::service::WaitAndDrain(drain, steps);
  ioc.stop();
  for (auto& t : threads) t.join();
}

}  // namespace

int main() {
  bd::service::BlockStopSignals();  // before any thread starts
  bd::logging::Init("gateway");
  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto settings = Read();
  if (!settings.ok()) return Fail(settings.status());
  auto drain = bd::service::ReadDrainOptions();
  if (!drain.ok()) return Fail(drain.status());
  std::string briefs =
      bd::config::String("BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051");
  std::string address = bd::config::String("BRIEFDESK_HTTP_ADDR", "127.0.0.1");

  std::string review =
      bd::config::String("BRIEFDESK_REVIEW_ADDR", "127.0.0.1:50052");
  std::string courses =
      bd::config::String("BRIEFDESK_COURSES_ADDR", "127.0.0.1:50054");
  gw::GrpcBackends backends(
      {{"briefdesk.briefs.v1.Briefs", briefs},
       {"briefdesk.directory.v1.Directory", briefs},
       {"briefdesk.briefs.v1.Comments", briefs},
       {"briefdesk.review.v1.Reviews", review},
       {"briefdesk.review.v1.Guidance", review},
       {"briefdesk.notification.v1.Notifications",
        bd::config::String("BRIEFDESK_NOTIFICATION_ADDR", "127.0.0.1:50053")},
       {"briefdesk.courses.v1.Courses", courses},
       {"briefdesk.courses.v1.FollowUps", courses},
       {"briefdesk.courses.v1.CourseAnalytics", courses}},
      std::chrono::milliseconds(settings->rpc_timeout_ms));
  bd::metrics::Registry metrics;
  auto options = Options(*settings, address);
  if (!options.ok()) return Fail(options.status());
  // Published answers, kept exact by a watch of the briefs service; none
  // with BRIEFDESK_PUBLISHED_CACHE_ENTRIES=0.
  gw::PublishedCache published(CacheLimits(*settings));
  gw::PublishedWatch watch(bd::rpc::NewChannel(briefs), &published, {});
  if (settings->cache_entries > 0) options->published_cache = &published;
  gw::Gateway gateway(gw::Gateway::DefaultRoutes(), &backends, *options,
                      &metrics);

  boost::asio::io_context ioc(static_cast<int>(settings->threads));
  gw::HttpLimits limits;
  limits.read_timeout = std::chrono::seconds(settings->read_s);
  limits.idle_timeout = std::chrono::seconds(settings->idle_s);
  limits.max_connections = ConnectionCap(settings->max_connections);
  limits.max_connections_per_client =
      static_cast<size_t>(settings->max_per_client);
  gw::HttpServer server(ioc, &gateway, limits);
  auto port =
      server.Listen(address, static_cast<unsigned short>(settings->port));
  if (!port.ok()) return Fail(port.status());
  server.Start();
  ExportConnections(server, &metrics);
  if (options->published_cache != nullptr) {
    gw::ExportPublishedCache(&published, &watch, &metrics);
    watch.Start();
  }
  bd::logging::Info(
      "serving", {{"url", "http://" + address + ":" + std::to_string(*port)}});

  ServeUntilStopped(ioc, static_cast<int>(settings->threads), *drain, gateway,
                    server);
  watch.Stop();
  bd::logging::Info("stopped");
  return 0;
}
