// Store layer, the notifications table: the statements open streams run: a
// person's latest sequence and the notifications after a sequence
// (notifications_user index), and, for the whole replica, whose notifications
// were written after a sequence (the primary key).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_STREAM_STORE_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_STREAM_STORE_H_

#include <pqxx/pqxx>

#include "libs/storage/pg_pool.h"
#include "services/notification/open_stream.h"

namespace briefdesk::notification {

void PrepareStreamStatements(pqxx::connection_base& conn);

class StreamStore final : public StreamSource {
 public:
  explicit StreamStore(storage::PgPool* pool) : pool_(pool) {}

  absl::StatusOr<int64_t> Latest(const std::string& user) override;
  absl::StatusOr<std::vector<v1::Notification>> After(const std::string& user,
                                                      int64_t sequence,
                                                      int limit) override;
  absl::StatusOr<Written> WrittenSince(int64_t sequence) override;
  absl::StatusOr<int64_t> Newest() override;

 private:
  storage::PgPool* pool_;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_STREAM_STORE_H_
