#include "services/notification/notification_service.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"

namespace briefdesk::notification {
namespace {

using google::protobuf::util::TimeUtil;

#define BD_NOTIFICATION_FIELDS                            \
  "seq, id, event, brief_id, title, body, "               \
  "(extract(epoch FROM create_time) * 1000000)::bigint, " \
  "(extract(epoch FROM read_time) * 1000000)::bigint "
constexpr char kFields[] = BD_NOTIFICATION_FIELDS;
constexpr char kColumns[] = BD_NOTIFICATION_FIELDS "FROM notifications ";
#undef BD_NOTIFICATION_FIELDS

v1::Notification ReadNotification(const pqxx::row& row) {
  v1::Notification n;
  n.set_sequence(row[0].as<int64_t>());
  n.set_id(row[1].as<std::string>());
  n.set_event(row[2].as<std::string>());
  n.set_brief_id(row[3].as<std::string>());
  n.set_title(row[4].as<std::string>());
  n.set_body(row[5].as<std::string>());
  *n.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  if (!row[7].is_null()) {
    *n.mutable_read_time() =
        TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  }
  return n;
}

}  // namespace

void PrepareNotificationStatements(pqxx::connection& conn) {
  conn.prepare("stream_after",
               absl::StrCat("SELECT ", kColumns,
                            "WHERE user_id = $1 AND seq > $2 ORDER BY seq "
                            "LIMIT 100"));
  conn.prepare("latest_seq",
               "SELECT coalesce(max(seq), 0) FROM notifications "
               "WHERE user_id = $1");
  conn.prepare("inbox",
               absl::StrCat("SELECT ", kColumns,
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

void Hub::Notify() {
  std::lock_guard lock(mu_);
  ++version_;
  cv_.notify_all();
}

void Hub::Wait(uint64_t* seen, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout,
               [&] { return version_ != *seen || stopped_.load(); });
  *seen = version_;
}

void Hub::Stop() {
  stopped_ = true;
  std::lock_guard lock(mu_);
  cv_.notify_all();
}

void LockWrites(pqxx::work& tx) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtextextended('notifications', 0))");
}

void WriteNotification(pqxx::work& tx, const std::string& user,
                       const std::string& event_id, const std::string& event,
                       const std::string& brief_id, const std::string& title,
                       const std::string& body) {
  std::string id = auth::NewId();
  pqxx::result r = tx.exec_prepared("insert_notification", id, user, event_id,
                                    event, brief_id, title, body);
  if (r.empty()) return;  // this person already has it
  pqxx::result hooks = tx.exec_prepared("webhooks_for", user, event);
  if (hooks.empty()) return;
  pqxx::result row =
      tx.exec_params(absl::StrCat("SELECT ", kColumns, "WHERE id = $1"), id);
  v1::Notification n = ReadNotification(row[0]);
  std::string payload;
  (void)google::protobuf::util::MessageToJsonString(n, &payload);
  for (const auto& hook : hooks) {
    tx.exec_params(
        "INSERT INTO deliveries (id, webhook_id, notification_id, event, "
        "payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        auth::NewId(), hook[0].as<std::string>(), id, event, payload);
  }
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
                             kFields),
                req->id(), p.user_id());
            if (r.empty()) {
              return absl::NotFoundError("notification " + req->id() +
                                         " not found");
            }
            return ReadNotification(r[0]);
          }),
      resp);
}

grpc::Status NotificationService::Stream(
    grpc::ServerContext* ctx, const v1::StreamRequest* req,
    grpc::ServerWriter<v1::StreamItem>* writer) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (p.user_id().empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no principal");
  }
  // Last-Event-ID resumes after that id ("0": from the start); without it,
  // only what comes from now on.
  int64_t last = std::max<int64_t>(req->after_sequence(), 0);
  if (!req->has_after_sequence()) {
    auto latest = pool_->Run<int64_t>([&](pqxx::work& tx)
                                          -> absl::StatusOr<int64_t> {
      return tx.exec_prepared("latest_seq", p.user_id())[0][0].as<int64_t>();
    });
    if (!latest.ok()) return rpc::ToGrpcStatus(latest.status());
    last = *latest;
  }
  // A first heartbeat says the stream is established from `last` on: the
  // gateway answers the client only then, so nothing written after the
  // client's request can fall before the starting point.
  if (!writer->Write(v1::StreamItem())) return grpc::Status::OK;
  uint64_t seen = 0;
  auto next_heartbeat = std::chrono::steady_clock::now() + config_.heartbeat;
  // Memory stays bounded: at most one batch read from the database is held,
  // and a slow reader only slows its own Write.
  while (!ctx->IsCancelled() && !hub_->stopped()) {
    auto batch = pool_->Run<std::vector<v1::Notification>>(
        [&](pqxx::work& tx) -> absl::StatusOr<std::vector<v1::Notification>> {
          std::vector<v1::Notification> out;
          for (const auto& row :
               tx.exec_prepared("stream_after", p.user_id(), last)) {
            out.push_back(ReadNotification(row));
          }
          return out;
        });
    if (!batch.ok()) return rpc::ToGrpcStatus(batch.status());
    for (v1::Notification& n : *batch) {
      last = n.sequence();
      v1::StreamItem item;
      *item.mutable_notification() = std::move(n);
      if (!writer->Write(item)) return grpc::Status::OK;  // the client left
    }
    if (!batch->empty()) continue;
    if (std::chrono::steady_clock::now() >= next_heartbeat) {
      if (!writer->Write(v1::StreamItem())) return grpc::Status::OK;
      next_heartbeat = std::chrono::steady_clock::now() + config_.heartbeat;
    }
    hub_->Wait(&seen, config_.stream_poll);
  }
  return grpc::Status::OK;
}

}  // namespace briefdesk::notification
