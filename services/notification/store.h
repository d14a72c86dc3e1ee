// Store layer of the notification service: every SQL statement, prepared on
// each pooled connection (PrepareNotificationStatements), one file per
// table: inbox_store.cc (notifications; the row reader in
// notification_rows.cc), webhook_store.cc (webhooks, deliveries, attempts),
// followup_store.cc (followups, brief_titles), stream_store.cc (the reads of
// open streams, on their own pool calls). The domain sees a transaction as a
// NotificationTx and never a pqxx type.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_STORE_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "briefdesk/notification/v1/notification.pb.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx
namespace briefdesk::storage {
class PgPool;
struct IdempotencyScope;
}  // namespace briefdesk::storage

namespace briefdesk::notification {

// The pool's prepare hook: every table's statements and the streams'.
void PrepareNotificationStatements(pqxx::connection_base& conn);
// Each table's statements (called by PrepareNotificationStatements).
void PrepareInboxStatements(pqxx::connection_base& conn);
void PrepareWebhookStatements(pqxx::connection_base& conn);
void PrepareFollowupStatements(pqxx::connection_base& conn);
void PrepareEmailStatements(pqxx::connection_base& conn);
void PreparePreferenceStatements(pqxx::connection_base& conn);
void PrepareErasureStatements(pqxx::connection_base& conn);

// Times the e-mail tables are given: microseconds since the epoch, from
// libs/clock (never the database's now()).
using Micros = int64_t;

// An e-mail to queue (emails table).
struct EmailRow {
  std::string id, event_id, event, kind, user_id, recipient, to_email, to_name,
      language, subject, data;
};

// An e-mail leased for one try.
struct DueEmail {
  std::string id, user_id, to_email, to_name, kind, language, data;
  int attempts = 0;
  Micros create_time = 0;
};

// An item waiting for its person's digest.
struct DigestItem {
  std::string user_id, event_id, event, kind, subject, data;
};

// A follow-up reminder that fell due, as it was marked sent.
struct DueFollowup {
  std::string id, brief_id, user_id, title;
  int number = 0;
};

// A delivery leased for one attempt, with its webhook's url and (sealed)
// secret.
struct DueDelivery {
  std::string id, url, secret, event, payload;
  int attempts = 0;
};

class NotificationTx {
 public:
  // `tx` is a pqxx::work (Transact makes one).
  explicit NotificationTx(pqxx::transaction_base& tx) : tx_(tx) {}

  // notifications (inbox_store.cc).
  // Serializes notification writes, so sequence order is commit order and a
  // stream that saw sequence n never later misses an m < n.
  void LockWrites();
  // false when `user` already has the notification of `event_id`.
  bool InsertNotification(const std::string& id, const std::string& user,
                          const std::string& event_id, const std::string& event,
                          const std::string& brief_id, const std::string& title,
                          const std::string& body,
                          const std::string& course_id = "");
  v1::Notification LoadNotification(const std::string& id);
  // Newest first, below sequence `before` (0: from the newest).
  std::vector<v1::Notification> Inbox(const std::string& user, int64_t before,
                                      bool unread, int limit);
  // nullopt when `user` has no notification `id`.
  std::optional<v1::Notification> MarkRead(const std::string& id,
                                           const std::string& user);

  // webhooks, deliveries and attempts (webhook_store.cc).
  // The ids of the live webhooks of `user` that want `event`.
  std::vector<std::string> WebhooksFor(const std::string& user,
                                       const std::string& event);
  void InsertDelivery(const std::string& id, const std::string& webhook_id,
                      const std::string& notification_id,
                      const std::string& event, const std::string& payload);
  // `events` comma-separated, `secret` sealed.
  v1::Webhook InsertWebhook(const std::string& id, const std::string& user,
                            const std::string& url, const std::string& events,
                            const std::string& secret);
  // Live ones, in id order after `after`.
  std::vector<v1::Webhook> WebhooksOf(const std::string& user,
                                      const std::string& after, int limit);
  // Marks it deleted; false when `user` has no live webhook `id`.
  bool DeleteWebhook(const std::string& id, const std::string& user);
  void DropPendingDeliveries(const std::string& webhook_id);
  // Whether `user` has (or had) webhook `id`.
  bool HasWebhook(const std::string& id, const std::string& user);
  // Oldest first, from place `offset` in that order.
  std::vector<v1::Attempt> Attempts(const std::string& webhook_id,
                                    int64_t offset, int limit);
  // Leases one due delivery for `lease_ms`; nullopt when none is due.
  std::optional<DueDelivery> LeaseDueDelivery(int64_t lease_ms);
  // Records attempt `attempt`: DELIVERED, DEAD when now + `delay_ms` falls
  // past create time + `window_s`, else PENDING again after `delay_ms`. The
  // new state, or "" when there is no such delivery.
  std::string SetDeliveryState(const std::string& id, int attempt,
                               bool delivered, int64_t delay_ms,
                               int64_t window_s);
  void InsertAttempt(const std::string& delivery_id, int attempt, int status,
                     int latency_ms, const std::string& error, bool retry,
                     int64_t delay_ms);

  // followups and brief_titles (followup_store.cc).
  void SetBriefTitle(const std::string& brief_id, const std::string& title);
  std::string BriefTitle(const std::string& brief_id);  // "" when unknown
  void CancelFollowups(const std::string& brief_id);    // the pending ones
  void InsertFollowup(const std::string& id, const std::string& brief_id,
                      const std::string& user, int number,
                      const std::string& title, int64_t due_in_seconds);
  // Marks up to 100 due follow-ups sent (skipping those other replicas
  // hold) and returns them.
  std::vector<DueFollowup> TakeDueFollowups();

  // emails, email_attempts, digest_items and digests (email_store.cc).
  // false when the event already made an e-mail to the recipient.
  bool InsertEmail(const EmailRow& row, Micros now);
  void InsertDigestItem(const DigestItem& item, Micros now);
  // Leases the e-mail due longest, skipping those other replicas hold,
  // until `now` + `lease_ms`; nullopt when none is due.
  std::optional<DueEmail> LeaseDueEmail(Micros now, int64_t lease_ms);
  void SetEmailAddress(const std::string& id, const std::string& email,
                       const std::string& name);
  // Records try `attempt`: `state` PENDING (tried again at `next`), SENT or
  // FAILED, and the attempt's log row.
  void RecordEmailAttempt(const std::string& id, int attempt,
                          const std::string& state, const std::string& error,
                          Micros now, Micros next);
  // Items created before `before` not in a digest yet, locked (skipping
  // those other replicas hold), by person.
  std::vector<DigestItem> TakeWaitingDigestItems(Micros before);
  // false when `user` already has the digest of `day` (YYYY-MM-DD).
  bool InsertDigest(const std::string& user, const std::string& day,
                    const std::string& email_id);
  void MarkDigested(const std::string& user, const std::string& event_id,
                    const std::string& email_id);
  // Newest first: below (`before_time`, `before_id`) when before_time > 0;
  // `user` and `state` filter when not "".
  std::vector<v1::Email> ListEmails(const std::string& user,
                                    const std::string& state,
                                    Micros before_time,
                                    const std::string& before_id, int limit);

  // email_preferences and email_keys (preference_store.cc).
  // Kind to mode name, for the kinds `user` has set.
  std::vector<std::pair<std::string, std::string>> EmailModes(
      const std::string& user);
  void SetEmailMode(const std::string& user, const std::string& kind,
                    const std::string& mode, Micros now);
  // The key named `name`: `candidate` if none was stored before.
  std::string EmailKey(const std::string& name, const std::string& candidate);

  // Every table (erasure_store.cc): the person erased (named
  // `erased_name` from now on), what was theirs deleted (`email`: e-mails
  // sent to that address too).
  void ErasePerson(const std::string& user, const std::string& email,
                   const std::string& erased_name);
  // In the texts of course notices that name a participant, every
  // occurrence of `text` becomes `by`, and in their JSON (webhook payloads,
  // e-mail data) `json_text` becomes `json_by`.
  void ReplaceInTexts(const std::string& text, const std::string& by,
                      const std::string& json_text, const std::string& json_by);
  // Of `users`, the erased ones, with the name they go by now.
  std::map<std::string, std::string> ErasedAmong(
      const std::vector<std::string>& users);

  // The libraries' tables (store.cc): idempotent answers (libs/storage)
  // and processed events (libs/outbox).
  absl::StatusOr<std::optional<std::string>> FindAnswer(
      const storage::IdempotencyScope& scope);
  void SaveAnswer(const storage::IdempotencyScope& scope,
                  const std::string& answer);
  bool FirstDelivery(const std::string& event_id);

 private:
  pqxx::transaction_base& tx_;
};

// storage::Transact (libs/storage/transact.h) on this service's unit of
// work: one transaction, which `fn` may see twice.
absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(NotificationTx&)>& fn);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_STORE_H_
