#include "services/notification/notification_service.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
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
  auto size = rpc::PageSize(req->page_size());
  if (!size.ok()) return rpc::ToGrpcStatus(size.status());
  int64_t before = 0;
  if (!req->page_token().empty()) {
    auto raw = rpc::DecodePageToken(req->page_token());
    if (!raw.ok()) return rpc::ToGrpcStatus(raw.status());
    if (!absl::SimpleAtoi(*raw, &before) || before <= 0) {
      return rpc::ToGrpcStatus(
          rpc::FieldError("pageToken", "is not a token from this list"));
    }
  }
  return rpc::Reply(
      pool_->Run<v1::ListNotificationsResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::ListNotificationsResponse> {
            pqxx::result rows = tx.exec_prepared("inbox", p.user_id(), before,
                                                 req->unread(), *size + 1);
            v1::ListNotificationsResponse out;
            for (int i = 0; i < int(rows.size()) && i < *size; ++i) {
              *out.add_notifications() = ReadNotification(rows[i]);
            }
            if (int(rows.size()) > *size) {
              out.set_next_page_token(rpc::EncodePageToken(absl::StrCat(
                  out.notifications(out.notifications_size() - 1).sequence())));
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
