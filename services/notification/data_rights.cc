#include "services/notification/data_rights.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "services/notification/preferences.h"

namespace briefdesk::notification {
namespace {

constexpr int kMost = 1000;

// `text` as it stands inside a JSON string (boost::json's escaping, the
// one e-mail data is written with).
std::string InJson(const std::string& text) {
  std::string quoted = boost::json::serialize(boost::json::string(text));
  return quoted.substr(1, quoted.size() - 2);
}

void Replace(NotificationTx& tx, const std::string& text,
             const std::string& by) {
  tx.ReplaceInTexts(text, by, InJson(text), InJson(by));
}

// The course notice's people, erased ones named as they are now.
bool AnonymizeNotice(NotificationTx& tx, events::v1::CourseNotice& n) {
  std::vector<events::v1::Addressee*> people;
  for (auto& a : *n.mutable_to()) people.push_back(&a);
  for (auto& a : *n.mutable_missing()) people.push_back(&a);
  if (n.has_participant()) people.push_back(n.mutable_participant());
  std::vector<std::string> ids;
  for (const auto* a : people) ids.push_back(a->user_id());
  std::map<std::string, std::string> erased = tx.ErasedAmong(ids);
  if (erased.empty()) return false;
  for (auto* a : people) {
    auto it = erased.find(a->user_id());
    if (it == erased.end()) continue;
    a->set_display_name(it->second);
    a->clear_email();
  }
  return true;
}

}  // namespace

void ApplyErasure(NotificationTx& tx, const events::v1::UserErased& erased) {
  tx.ErasePerson(erased.user_id(), erased.email(), erased.erased_name());
  if (!erased.display_name().empty() &&
      erased.display_name() != erased.erased_name()) {
    Replace(tx, erased.display_name(), erased.erased_name());
  }
  if (!erased.email().empty()) Replace(tx, erased.email(), "");
}

const events::v1::Event& AsErasureLeavesIt(NotificationTx& tx,
                                           const events::v1::Event& e,
                                           events::v1::Event* copy) {
  if (!e.has_course_notice()) return e;
  *copy = e;
  return AnonymizeNotice(tx, *copy->mutable_course_notice()) ? *copy : e;
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
