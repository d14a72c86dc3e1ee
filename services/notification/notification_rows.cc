#include "services/notification/notification_rows.h"

#include <google/protobuf/util/time_util.h>

namespace briefdesk::notification {

#define BD_NOTIFICATION_FIELDS                            \
  "seq, id, event, brief_id, title, body, "               \
  "(extract(epoch FROM create_time) * 1000000)::bigint, " \
  "(extract(epoch FROM read_time) * 1000000)::bigint, course_id "
const char kNotificationFields[] = BD_NOTIFICATION_FIELDS;
const char kNotificationColumns[] =
    BD_NOTIFICATION_FIELDS "FROM notifications ";
#undef BD_NOTIFICATION_FIELDS

v1::Notification ReadNotification(const pqxx::row& row) {
  using google::protobuf::util::TimeUtil;
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
  n.set_course_id(row[8].as<std::string>());
  return n;
}

}  // namespace briefdesk::notification
