// The notification service: inbox, live stream, webhooks and follow-ups,
// and e-mail, over gRPC, on PostgreSQL. Configuration: docs/configuration.md.

#include "libs/auth/api_keys.h"
#include "libs/config/config.h"
#include "libs/logging/logging.h"
#include "libs/mail/smtp.h"
#include "libs/rpc/rpc.h"
#include "libs/service/service_main.h"
#include "libs/worker/pool.h"
#include "services/notification/email_sender.h"
#include "services/notification/notification_service.h"
#include "services/notification/preferences.h"
#include "services/notification/scheduler.h"
#include "services/notification/store.h"
#include "services/notification/stream_clock.h"
#include "services/notification/stream_store.h"
#include "services/notification/user_directory.h"
#include "services/notification/webhook_sender.h"

namespace bd = briefdesk;
namespace nf = briefdesk::notification;
using bd::service::Fail;

namespace {

absl::StatusOr<nf::NotificationConfig> ReadConfig() {
  nf::NotificationConfig c;
  auto interval = bd::config::Int("BRIEFDESK_FOLLOWUP_INTERVAL_SECONDS",
                                  61 * 86400, 1, 10 * 365 * 86400);
  if (!interval.ok()) return interval.status();
  c.followup_interval = std::chrono::seconds(*interval);
  auto count = bd::config::Int("BRIEFDESK_FOLLOWUP_COUNT", 6, 0, 100);
  if (!count.ok()) return count.status();
  c.followup_count = static_cast<int>(*count);
  auto poll = bd::config::Int("BRIEFDESK_STREAM_POLL_MS", 1000, 10, 60000);
  if (!poll.ok()) return poll.status();
  c.stream_poll = std::chrono::milliseconds(*poll);
  auto heartbeat =
      bd::config::Int("BRIEFDESK_STREAM_HEARTBEAT_SECONDS", 15, 1, 3600);
  if (!heartbeat.ok()) return heartbeat.status();
  c.heartbeat = std::chrono::seconds(*heartbeat);
  struct Ms {
    const char* name;
    int64_t fallback, min, max;
    std::chrono::milliseconds* field;
  };
  for (const Ms& m : std::initializer_list<Ms>{
           {"BRIEFDESK_WEBHOOK_TIMEOUT_MS", 10000, 10, 600000,
            &c.webhook_timeout},
           {"BRIEFDESK_WEBHOOK_BACKOFF_BASE_MS", 30000, 1, 86400000,
            &c.backoff_base},
           {"BRIEFDESK_WEBHOOK_BACKOFF_MAX_MS", 4 * 3600 * 1000, 1, 86400000,
            &c.backoff_max}}) {
    auto v = bd::config::Int(m.name, m.fallback, m.min, m.max);
    if (!v.ok()) return v.status();
    *m.field = std::chrono::milliseconds(*v);
  }
  auto window = bd::config::Int("BRIEFDESK_WEBHOOK_RETRY_WINDOW_SECONDS", 86400,
                                1, 30 * 86400);
  if (!window.ok()) return window.status();
  c.retry_window = std::chrono::seconds(*window);
  auto workers = bd::config::Int("BRIEFDESK_WEBHOOK_WORKERS", 4, 1, 64);
  if (!workers.ok()) return workers.status();
  c.webhook_workers = static_cast<int>(*workers);
  auto loopback = bd::config::Bool("BRIEFDESK_WEBHOOK_ALLOW_LOOPBACK", false);
  if (!loopback.ok()) return loopback.status();
  auto private_ = bd::config::Bool("BRIEFDESK_WEBHOOK_ALLOW_PRIVATE", false);
  if (!private_.ok()) return private_.status();
  c.webhook_policy = {*loopback, *private_};
  auto box = nf::SecretBox::FromKey(
      bd::config::String("BRIEFDESK_WEBHOOK_SECRET_KEY", ""));
  if (!box.ok()) return box.status();
  if (!box->sealing()) {
    bd::logging::Warn("webhook_secrets_unsealed",
                      {{"hint",
                        "set BRIEFDESK_WEBHOOK_SECRET_KEY to seal "
                        "webhook signing secrets in the database"}});
  }
  c.webhook_secrets = *box;
  return c;
}

// E-mail's settings; `smtp` stays empty when it is off.
absl::Status ReadEmailConfig(nf::EmailConfig* c,
                             std::optional<bd::mail::SmtpSettings>* smtp) {
  auto settings = bd::mail::SmtpSettingsFromEnv();
  if (!settings.ok()) return settings.status();
  *smtp = *settings;
  c->on = smtp->has_value();
  auto url =
      bd::config::String("BRIEFDESK_PUBLIC_URL", "http://127.0.0.1:8080");
  while (!url.empty() && url.back() == '/') url.pop_back();
  c->public_url = url;
  auto hour = bd::config::Int("BRIEFDESK_DIGEST_HOUR", 7, 0, 23);
  if (!hour.ok()) return hour.status();
  c->digest_hour = static_cast<int>(*hour);
  if (c->on) c->lease = (*smtp)->timeout + std::chrono::seconds(30);
  if (!c->on) {
    bd::logging::Warn("email_off",
                      {{"message",
                        "e-mail is off: BRIEFDESK_SMTP_URL is not set; no "
                        "e-mail is queued or sent (inbox, stream and webhooks "
                        "work as before)"}});
  }
  return absl::OkStatus();
}

}  // namespace

int main() {
  bd::logging::Init("notification");
  bd::service::BlockStopSignals();
  if (!bd::auth::Init()) return Fail(absl::InternalError("libsodium init"));
  auto db = bd::config::Required("BRIEFDESK_NOTIFICATION_DATABASE_URL");
  if (!db.ok()) return Fail(db.status());
  auto config = ReadConfig();
  if (!config.ok()) return Fail(config.status());
  std::optional<bd::mail::SmtpSettings> smtp;
  if (auto s = ReadEmailConfig(&config->email, &smtp); !s.ok()) return Fail(s);
  auto pool_size = bd::config::Int("BRIEFDESK_DB_POOL_SIZE", 8, 1, 256);
  if (!pool_size.ok()) return Fail(pool_size.status());
  auto serve = bd::service::ReadServeOptions(
      "BRIEFDESK_NOTIFICATION_ADDR", "127.0.0.1:50053", "127.0.0.1:9103");
  if (!serve.ok()) return Fail(serve.status());
  std::string briefs_addr =
      bd::config::String("BRIEFDESK_BRIEFS_ADDR", "127.0.0.1:50051");
  if (auto s =
          bd::service::MigrateDatabase(*db, bd::storage::EmbeddedMigrations());
      !s.ok()) {
    return Fail(s);
  }

  bd::storage::PgPool pool(*db, static_cast<int>(*pool_size),
                           nf::PrepareNotificationStatements);
  auto directory =
      bd::directory::v1::Directory::NewStub(bd::rpc::NewChannel(briefs_addr));
  auto key = nf::LoadUnsubscribeKey(&pool);
  if (!key.ok()) return Fail(key.status());
  config->email.unsubscribe_key = *key;
  nf::UserDirectory users(directory.get());
  auto webhook_poll =
      bd::config::Int("BRIEFDESK_WEBHOOK_POLL_MS", 500, 10, 60000);
  if (!webhook_poll.ok()) return Fail(webhook_poll.status());
  nf::Hub hub;
  nf::StreamStore stream_store(&pool);
  bd::worker::Pool stream_workers(config->stream_workers);
  nf::StreamClock stream_clock(&hub, &stream_store, config->heartbeat,
                               config->stream_poll);
  bd::metrics::Registry metrics;
  nf::WebhookSender sender(&pool, *config,
                           std::chrono::milliseconds(*webhook_poll), &metrics);
  auto wake_webhooks = [&] { sender.Wake(); };
  std::unique_ptr<nf::EmailSender> emails;
  if (smtp.has_value()) {
    emails = std::make_unique<nf::EmailSender>(
        &pool, config->email, *smtp,
        [&](const std::string& id) { return users.Lookup(id); },
        std::chrono::milliseconds(*webhook_poll), &metrics);
  }
  auto wake_emails = [&] {
    if (emails) emails->Wake();
  };
  nf::NotificationService service(
      &pool, &hub, &stream_store,
      [&](std::function<void()> job) { stream_workers.Post(std::move(job)); },
      *config);
  nf::NotificationEventSink sink(&pool, &hub, directory.get(), *config,
                                 wake_webhooks, wake_emails);
  nf::Scheduler scheduler(&pool, &hub, *config, wake_webhooks,
                          std::chrono::milliseconds(500), wake_emails);
  absl::Status served =
      bd::service::Serve(*serve, {&service, &sink}, &metrics,
                         {.started =
                              [&] {
                                stream_clock.Start();
                                scheduler.Start();
                                sender.Start();
                                if (emails) emails->Start();
                              },
                          .draining = [&] { hub.Stop(); },  // open streams end
                          .stopping =
                              [&] {
                                stream_clock.Stop();
                                stream_workers.Stop();
                                scheduler.Stop();
                                sender.Stop();
                                if (emails) emails->Stop();
                              }});
  return served.ok() ? 0 : Fail(served);
}
