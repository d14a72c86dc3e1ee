#include "services/notification/notification_service.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/pagination.h"
#include "services/notification/notification_rows.h"
#include "services/notification/stream_store.h"

namespace briefdesk::notification {

void PrepareNotificationStatements(pqxx::connection& conn) {
  PrepareStreamStatements(conn);
  conn.prepare("inbox",
               absl::StrCat("SELECT ", kNotificationColumns,
                            "WHERE user_id = $1 AND ($2 = 0 OR seq < $2) "
                            "AND (NOT $3 OR read_time IS NULL) "
                            "ORDER BY seq DESC LIMIT $4"));
  conn.prepare("insert_notification",
               "INSERT INTO notifications (id, user_id, event_id, event, "
               "brief_id, title, body) VALUES ($1, $2, $3, $4, $5, $6, $7) "
               "ON CONFLICT (user_id, event_id) DO NOTHING RETURNING seq");
  conn.prepare("webhooks_for",
               "SELECT id FROM webhooks WHERE user_id = $1 AND "
               "delete_time IS NULL AND $2 = ANY (events)");
}

void LockWrites(pqxx::work& tx) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtextextended('notifications', 0))");
}

bool WriteNotification(pqxx::work& tx, const std::string& user,
                       const std::string& event_id, const std::string& event,
                       const std::string& brief_id, const std::string& title,
                       const std::string& body) {
  std::string id = auth::NewId();
  pqxx::result r = tx.exec_prepared("insert_notification", id, user, event_id,
                                    event, brief_id, title, body);
  if (r.empty()) return false;  // this person already has it
  pqxx::result hooks = tx.exec_prepared("webhooks_for", user, event);
  if (hooks.empty()) return false;
  pqxx::result row = tx.exec_params(
      absl::StrCat("SELECT ", kNotificationColumns, "WHERE id = $1"), id);
  v1::Notification n = ReadNotification(row[0]);
  std::string payload;
  (void)google::protobuf::util::MessageToJsonString(n, &payload);
  for (const auto& hook : hooks) {
    tx.exec_params(
        "INSERT INTO deliveries (id, webhook_id, notification_id, event, "
        "payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        auth::NewId(), hook[0].as<std::string>(), id, event, payload);
  }
  return true;
}

grpc::Status NotificationService::ListNotifications(
    grpc::ServerContext* ctx, const v1::ListNotificationsRequest* req,
    v1::ListNotificationsResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  auto page = storage::Page::Parse(req->page_size(), req->page_token());
  if (!page.ok()) return rpc::ToGrpcStatus(page.status());
  // Newest first: a position is the sequence number the page starts below
  // (0 on the first page).
  auto before = page->after_number();
  if (!before.ok()) return rpc::ToGrpcStatus(before.status());
  return rpc::Reply(
      pool_->Run<v1::ListNotificationsResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::ListNotificationsResponse> {
            v1::ListNotificationsResponse out;
            for (const auto& row :
                 tx.exec_prepared("inbox", p.user_id(), *before, req->unread(),
                                  page->fetch())) {
              *out.add_notifications() = ReadNotification(row);
            }
            if (auto next = page->Trim(*out.mutable_notifications(),
                                       [](const v1::Notification& n) {
                                         return absl::StrCat(n.sequence());
                                       })) {
              out.set_next_page_token(*next);
            }
            return out;
          }),
      resp);
}

grpc::Status NotificationService::MarkRead(grpc::ServerContext* ctx,
                                           const v1::MarkReadRequest* req,
                                           v1::Notification* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  return rpc::Reply(
      pool_->Run<v1::Notification>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::Notification> {
            pqxx::result r = tx.exec_params(
                absl::StrCat("UPDATE notifications SET read_time = "
                             "coalesce(read_time, now()) WHERE id = $1 AND "
                             "user_id = $2 RETURNING ",
                             kNotificationFields),
                req->id(), p.user_id());
            if (r.empty()) {
              return absl::NotFoundError("notification " + req->id() +
                                         " not found");
            }
            return ReadNotification(r[0]);
          }),
      resp);
}

}  // namespace briefdesk::notification
