// The notification service's settings (read in main.cc), which the domain,
// the workers and the transport share.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_

#include <chrono>

#include "services/notification/secret_box.h"
#include "services/notification/webhook_url.h"

namespace briefdesk::notification {

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
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_NOTIFICATION_CONFIG_H_
