// What the courses service asks of the directory (the user accounts, held
// by the briefs service): who a user is, and the accounts of the people a
// course enrols. An interface, so that the domain's tests use a fake;
// NewGrpcDirectoryClient calls the Directory service as service:courses.
#ifndef BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_
#define BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::courses {

class DirectoryClient {
 public:
  virtual ~DirectoryClient() = default;
  virtual absl::StatusOr<directory::v1::User> GetUser(
      const std::string& id) = 0;
  virtual absl::StatusOr<directory::v1::EnsureUsersResponse> EnsureUsers(
      const directory::v1::EnsureUsersRequest& req) = 0;
};

std::unique_ptr<DirectoryClient> NewGrpcDirectoryClient(
    const std::string& target);

}  // namespace briefdesk::courses

#endif  // BRIEFDESK_SERVICES_COURSES_DIRECTORY_CLIENT_H_
