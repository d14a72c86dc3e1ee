// Domain layer: people's e-mail preferences, the one-click unsubscribe, and
// the delivery log. Everyone reads and changes their own preferences; a
// token from an e-mail's List-Unsubscribe link (signed, email_kinds.h) sets
// its kind to NONE without a key; admins read every e-mail of the log,
// others their own. Tables through the store (store.h):
// email_preferences, emails.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_PREFERENCES_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_PREFERENCES_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "libs/rpc/rpc.h"
#include "services/notification/notification_config.h"
#include "services/notification/store.h"

namespace briefdesk::notification {

// The key unsubscribe links are signed with: made at random by the first
// replica to start, then shared by every replica through the database.
absl::StatusOr<std::string> LoadUnsubscribeKey(storage::PgPool* pool);

absl::StatusOr<v1::Preferences> GetPreferences(storage::PgPool* pool,
                                               const std::string& user);

// The modes a change names, by kind, each checked (INVALID_ARGUMENT naming
// "email.<kind>"); kinds it leaves empty are not in the answer.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseChange(
    const v1::EmailPreferencesChange& change);

absl::StatusOr<v1::Preferences> UpdatePreferences(
    storage::PgPool* pool, const std::string& user,
    const v1::UpdatePreferencesRequest& req);

absl::StatusOr<v1::UnsubscribeResponse> Unsubscribe(storage::PgPool* pool,
                                                    const EmailConfig& config,
                                                    const std::string& token);

absl::StatusOr<v1::ListEmailsResponse> ListEmails(
    storage::PgPool* pool, const rpc::Principal& caller,
    const v1::ListEmailsRequest& req);

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_PREFERENCES_H_
