// What the courses service asks of the briefs service: of its directory
// (the user accounts), who a user is and the accounts of the people a
// course enrols (DirectoryClient); of its briefs, each participant's brief
// of a course and when it met each module (BriefsClient). Interfaces, so
// that the domain's tests use fakes; the gRPC clients call as
// service:courses.
#ifndef BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_
#define BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::courses {

class DirectoryClient {
 public:
  virtual ~DirectoryClient() = default;
  virtual absl::StatusOr<directory::v1::User> GetUser(
      const std::string& id) = 0;
  virtual absl::StatusOr<directory::v1::EnsureUsersResponse> EnsureUsers(
      const directory::v1::EnsureUsersRequest& req) = 0;
  virtual absl::StatusOr<directory::v1::User> InviteUser(
      const directory::v1::InviteUserRequest& req) = 0;
  virtual absl::StatusOr<directory::v1::ListLegacyCohortsResponse>
  ListLegacyCohorts() = 0;
  virtual absl::StatusOr<directory::v1::LinkCohortResponse> LinkCohort(
      const std::string& cohort, const std::string& course_id) = 0;
};

std::unique_ptr<DirectoryClient> NewGrpcDirectoryClient(
    const std::string& target);

class BriefsClient {
 public:
  virtual ~BriefsClient() = default;
  virtual absl::StatusOr<briefs::v1::CourseBriefsResponse> CourseBriefs(
      const briefs::v1::CourseBriefsRequest& req) = 0;
};

std::unique_ptr<BriefsClient> NewGrpcBriefsClient(const std::string& target);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_
