// Domain layer: the inbox (inbox.h).
#include "services/notification/inbox.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/pagination.h"

namespace briefdesk::notification {

bool WriteNotification(NotificationTx& tx, const std::string& user,
                       const std::string& event_id, const std::string& event,
                       const std::string& brief_id, const std::string& title,
                       const std::string& body, const std::string& course_id) {
  std::string id = auth::NewId();
  if (!tx.InsertNotification(id, user, event_id, event, brief_id, title, body,
                             course_id)) {
    return false;  // this person already has it
  }
  std::vector<std::string> hooks = tx.WebhooksFor(user, event);
  if (hooks.empty()) return false;
  v1::Notification n = tx.LoadNotification(id);
  std::string payload;
  (void)google::protobuf::util::MessageToJsonString(n, &payload);
  for (const std::string& hook : hooks) {
    tx.InsertDelivery(auth::NewId(), hook, id, event, payload);
  }
  return true;
}

absl::StatusOr<v1::ListNotificationsResponse> ListInbox(
    storage::PgPool* pool, const std::string& user,
    const v1::ListNotificationsRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  // Newest first: a position is the sequence number the page starts below
  // (0 on the first page).
  auto before = page->after_number();
  if (!before.ok()) return before.status();
  v1::ListNotificationsResponse out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) {
    out.Clear();  // the transaction may run again
    for (v1::Notification& n :
         tx.Inbox(user, *before, req.unread(), page->fetch())) {
      *out.add_notifications() = std::move(n);
    }
    if (auto next = page->Trim(*out.mutable_notifications(),
                               [](const v1::Notification& n) {
                                 return absl::StrCat(n.sequence());
                               })) {
      out.set_next_page_token(*next);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Notification> MarkRead(storage::PgPool* pool,
                                          const std::string& user,
                                          const std::string& id) {
  v1::Notification out;
  absl::Status s = Transact(pool, [&](NotificationTx& tx) -> absl::Status {
    std::optional<v1::Notification> n = tx.MarkRead(id, user);
    if (!n) return absl::NotFoundError("notification " + id + " not found");
    out = *std::move(n);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace briefdesk::notification
