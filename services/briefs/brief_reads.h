// Reading briefs as a principal may see them: one brief at its current
// revision, the list of briefs, and a brief's history. Each read is its own
// statements without a transaction (Database::Autocommit); one brief is one
// statement.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_READS_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_READS_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class BriefReads {
 public:
  explicit BriefReads(Database* db) : db_(db) {}

  // NOT_FOUND when unknown or not visible to `p`.
  absl::StatusOr<v1::Brief> Get(const rpc::Principal& p, const std::string& id);
  // The briefs `p` may see, newest first, filtered, in pages.
  absl::StatusOr<v1::ListBriefsResponse> List(const rpc::Principal& p,
                                              const v1::ListBriefsRequest& req);
  // Every transition of a brief `p` may see, oldest first, in pages.
  absl::StatusOr<v1::ListHistoryResponse> History(
      const rpc::Principal& p, const v1::ListHistoryRequest& req);
  // For service:courses only: each participant's brief of the course and
  // when it met each module (course_briefs.cc).
  absl::StatusOr<v1::CourseBriefsResponse> CourseBriefs(
      const rpc::Principal& p, const v1::CourseBriefsRequest& req);

 private:
  Database* db_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_READS_H_
