// The courses service's store: every SQL statement, prepared on each pooled
// connection (PrepareCoursesStatements), one file per table:
// course_store.cc (courses, modules), member_store.cc (members), store.cc
// (idempotency keys and the unit of work). The domain sees a transaction
// as a CoursesTx and never a pqxx type.
#ifndef BRIEFDESK_SERVICES_COURSES_STORE_H_
#define BRIEFDESK_SERVICES_COURSES_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "libs/storage/idempotency.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx
namespace briefdesk::storage {
class PgPool;
}  // namespace briefdesk::storage

namespace briefdesk::courses {

void PrepareCoursesStatements(pqxx::connection_base& conn);
void PrepareCourseStatements(pqxx::connection_base& conn);
void PrepareMemberStatements(pqxx::connection_base& conn);

class CoursesTx {
 public:
  explicit CoursesTx(pqxx::transaction_base& tx) : tx_(tx) {}

  // courses and modules (course_store.cc). The stored course carries its
  // id, times and etag.
  void InsertCourse(const v1::Course& course);
  // NOT_FOUND when there is no such course; `for_update` locks its row.
  absl::StatusOr<v1::Course> LoadCourse(const std::string& id,
                                        bool for_update = false);
  // Stores every field and the modules of `course`, moving its version.
  void SaveCourse(const v1::Course& course);
  // Newest first, after the course id `after` ("" from the start): those
  // `user_id` is a member of, or every course when `user_id` is empty.
  std::vector<v1::Course> ListCourses(const std::string& user_id,
                                      const std::string& after, int limit);

  // members (member_store.cc); removed members are not found.
  std::optional<v1::Member> LoadMember(const std::string& course_id,
                                       const std::string& user_id);
  // Inserts, or updates the member's role and details (a removed member
  // comes back).
  void UpsertMember(const std::string& course_id, const v1::Member& member);
  // Whether a member was removed now.
  bool RemoveMember(const std::string& course_id, const std::string& user_id);
  // By user id, after `after`.
  std::vector<v1::Member> ListMembers(const std::string& course_id,
                                      const std::string& after, int limit);
  int CountOrganizers(const std::string& course_id);

  // idempotency_keys (store.cc).
  absl::StatusOr<std::optional<std::string>> FindAnswer(
      const storage::IdempotencyScope& scope);
  void SaveAnswer(const storage::IdempotencyScope& scope,
                  const std::string& answer);

 private:
  pqxx::transaction_base& tx_;
};

// storage::Transact (libs/storage/transact.h) on this service's unit of
// work: one transaction, which `fn` may see twice.
absl::Status Transact(storage::PgPool* pool,
                      const std::function<absl::Status(CoursesTx&)>& fn);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_STORE_H_
