#include "services/notification/data_rights.h"

#include "services/notification/preferences.h"

namespace briefdesk::notification {
namespace {

constexpr int kMost = 1000;

// A name this short would be replaced inside other words; the person's
// own rows are deleted whatever it is.
constexpr size_t kShortestReplacedName = 3;

}  // namespace

void ApplyErasure(NotificationTx& tx, const events::v1::UserErased& erased) {
  tx.ErasePerson(erased.user_id(), erased.email());
  if (erased.display_name().size() >= kShortestReplacedName &&
      erased.display_name() != erased.erased_name()) {
    tx.ReplaceInTexts(erased.display_name(), erased.erased_name());
  }
  if (!erased.email().empty()) tx.ReplaceInTexts(erased.email(), "");
}

absl::StatusOr<v1::NotificationExport> ExportFor(storage::PgPool* pool,
                                                 const rpc::Principal& caller) {
  const std::string& user = caller.user_id();
  if (user.empty() || rpc::IsServicePrincipal(user)) {
    return absl::UnauthenticatedError("an export is of a person");
  }
  absl::StatusOr<v1::Preferences> preferences = GetPreferences(pool, user);
  if (!preferences.ok()) return preferences.status();
  v1::NotificationExport out;
  *out.mutable_preferences() = *std::move(preferences);
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out.clear_notifications();  // the transaction may run again
    out.clear_webhooks();
    out.clear_emails();
    for (v1::Notification& n : tx.Inbox(user, 0, false, kMost)) {
      *out.add_notifications() = std::move(n);
    }
    for (v1::Webhook& w : tx.WebhooksOf(user, "", kMost)) {
      *out.add_webhooks() = std::move(w);
    }
    for (v1::Email& e : tx.ListEmails(user, "", 0, "", kMost)) {
      *out.add_emails() = std::move(e);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::notification
