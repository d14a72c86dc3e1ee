// The notification service's settings (read in main.cc), which the domain,
// the workers and the transport share.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_

#include <chrono>
#include <string>

#include "services/notification/secret_box.h"
#include "services/notification/webhook_url.h"

namespace briefdesk::notification {

// E-mail (docs/email.md). Off when BRIEFDESK_SMTP_URL is unset: nothing is
// queued.
struct EmailConfig {
  bool on = false;
  std::string public_url = "http://127.0.0.1:8080";  // no trailing slash
  int digest_hour = 7;                               // UTC
  std::string unsubscribe_key;  // signs unsubscribe links (email_keys)
  // A failed try is repeated after 30 s, doubling up to 1 h, until 24 h
  // after the e-mail was queued.
  std::chrono::milliseconds backoff_base{30000};
  std::chrono::milliseconds backoff_max{3600 * 1000};
  std::chrono::seconds retry_window{86400};
  // How long one replica holds an e-mail it is sending: longer than the
  // SMTP timeout, so no other replica sends it meanwhile.
  std::chrono::milliseconds lease{60000};
};

struct NotificationConfig {
  std::chrono::seconds followup_interval{61 * 86400};  // about two months
  int followup_count = 6;                              // a year of them
  // Open streams: one look for other replicas' writes this often (for all
  // of them), a heartbeat this often, reads on this many threads.
  std::chrono::milliseconds stream_poll{1000};
  std::chrono::seconds heartbeat{15};
  int stream_workers = 4;
  // Webhooks: where deliveries may go, and how they are retried. With the
  // defaults a failing receiver is tried for 24 hours, at growing intervals
  // of 30 s up to 4 h, then the delivery is dead-lettered.
  AddressPolicy webhook_policy;
  std::chrono::milliseconds webhook_timeout{10000};
  std::chrono::milliseconds backoff_base{30000};
  std::chrono::milliseconds backoff_max{4 * 3600 * 1000};
  std::chrono::seconds retry_window{86400};
  int webhook_workers = 4;
  SecretBox webhook_secrets;  // seals signing secrets at rest
  EmailConfig email;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_
