// Store layer: the agreements table (every saved version), and how the
// store keeps messages in bytea columns (base64 through SQL, as
// libs/storage/idempotency does).
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

std::string Stored(const google::protobuf::Message& m) {
  return absl::Base64Escape(m.SerializeAsString());
}

bool ParseStored(const pqxx::field& f, google::protobuf::Message* m) {
  std::string bytes;
  if (f.is_null() || !absl::Base64Unescape(f.as<std::string>(), &bytes)) {
    return false;
  }
  return m->ParseFromString(bytes);
}

void PrepareAgreementStatements(pqxx::connection_base& c) {
  c.prepare("load_agreement",
            "SELECT encode(content, 'base64'), version, (extract(epoch FROM "
            "update_time) * "
            "1000000)::bigint FROM agreements WHERE course_id = $1 AND "
            "user_id = $2 AND ($3 = 0 OR version = $3) ORDER BY version DESC "
            "LIMIT 1");
  // The next version, only if the newest is the one the change was made on.
  c.prepare("save_agreement",
            "INSERT INTO agreements (course_id, user_id, version, content, "
            "update_time) SELECT $1, $2, $3 + 1, decode($4, 'base64'), "
            "to_timestamp($5::float8 "
            "/ 1e6) WHERE (SELECT coalesce(max(version), 0) FROM agreements "
            "WHERE course_id = $1 AND user_id = $2) = $3 ON CONFLICT DO "
            "NOTHING");
  c.prepare("agreements_filled",
            "SELECT DISTINCT user_id FROM agreements WHERE course_id = $1");
}

std::optional<v1::Agreement> CoursesTx::LoadAgreement(
    const std::string& course_id, const std::string& user_id, int version) {
  pqxx::result r =
      tx_.exec_prepared("load_agreement", course_id, user_id, version);
  if (r.empty()) return std::nullopt;
  v1::Agreement a;
  ParseStored(r[0][0], &a);
  a.set_course_id(course_id);
  a.set_user_id(user_id);
  a.set_version(r[0][1].as<int>());
  *a.mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          r[0][2].as<int64_t>());
  return a;
}

bool CoursesTx::SaveAgreement(const v1::Agreement& a, int expected_version,
                              int64_t now_micros) {
  v1::Agreement content;
  *content.mutable_actions() = a.actions();
  content.set_audience(a.audience());
  content.set_support_needed(a.support_needed());
  return tx_.exec_prepared("save_agreement", a.course_id(), a.user_id(),
                           expected_version, Stored(content), now_micros)
             .affected_rows() == 1;
}

std::set<std::string> CoursesTx::AgreementsFilled(
    const std::string& course_id) {
  std::set<std::string> out;
  for (const auto& r : tx_.exec_prepared("agreements_filled", course_id)) {
    out.insert(r[0].as<std::string>());
  }
  return out;
}

}  // namespace briefdesk::courses
