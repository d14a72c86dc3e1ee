// Transport layer (a client): people's addresses and names from the
// directory (Directory.GetUser as service:notification), kept a minute so
// that a burst of e-mails to one person asks once.
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_USER_DIRECTORY_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_USER_DIRECTORY_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.grpc.pb.h"
#include "libs/mail/message.h"

namespace briefdesk::notification {

class UserDirectory {
 public:
  explicit UserDirectory(directory::v1::Directory::StubInterface* stub,
                         std::chrono::seconds keep = std::chrono::seconds(60))
      : stub_(stub), keep_(keep) {}

  // NOT_FOUND for no such person; UNAVAILABLE when the directory is not
  // reachable.
  absl::StatusOr<mail::Address> Lookup(const std::string& user_id);

 private:
  struct Entry {
    mail::Address address;
    std::chrono::steady_clock::time_point until;
  };
  directory::v1::Directory::StubInterface* stub_;
  std::chrono::seconds keep_;
  std::mutex mu_;
  std::map<std::string, Entry> cache_;
};

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_USER_DIRECTORY_H_
