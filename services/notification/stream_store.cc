#include "services/notification/stream_store.h"

#include "absl/strings/str_cat.h"
#include "services/notification/notification_rows.h"

namespace briefdesk::notification {

void PrepareStreamStatements(pqxx::connection_base& conn) {
  conn.prepare("stream_after",
               absl::StrCat("SELECT ", kNotificationColumns,
                            "WHERE user_id = $1 AND seq > $2 ORDER BY seq "
                            "LIMIT $3"));
  conn.prepare("stream_latest",
               "SELECT coalesce(max(seq), 0) FROM notifications "
               "WHERE user_id = $1");
  conn.prepare("stream_written_since",
               "SELECT user_id, max(seq) FROM notifications WHERE seq > $1 "
               "GROUP BY user_id");
  conn.prepare("stream_newest",
               "SELECT coalesce(max(seq), 0) FROM notifications");
}

absl::StatusOr<int64_t> StreamStore::Latest(const std::string& user) {
  return pool_->Run<int64_t>([&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    return tx.exec_prepared("stream_latest", user)[0][0].as<int64_t>();
  });
}

absl::StatusOr<std::vector<v1::Notification>> StreamStore::After(
    const std::string& user, int64_t sequence, int limit) {
  return pool_->Run<std::vector<v1::Notification>>(
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<v1::Notification>> {
        std::vector<v1::Notification> out;
        for (const auto& row :
             tx.exec_prepared("stream_after", user, sequence, limit)) {
          out.push_back(ReadNotification(row));
        }
        return out;
      });
}

absl::StatusOr<StreamSource::Written> StreamStore::WrittenSince(
    int64_t sequence) {
  return pool_->Run<Written>([&](pqxx::work& tx) -> absl::StatusOr<Written> {
    Written out;
    out.last = sequence;
    for (const auto& row : tx.exec_prepared("stream_written_since", sequence)) {
      out.users.push_back(row[0].as<std::string>());
      out.last = std::max(out.last, row[1].as<int64_t>());
    }
    return out;
  });
}

absl::StatusOr<int64_t> StreamStore::Newest() {
  return pool_->Run<int64_t>([&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    return tx.exec_prepared("stream_newest")[0][0].as<int64_t>();
  });
}

}  // namespace briefdesk::notification
