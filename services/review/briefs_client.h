// What the review service asks of the briefs service: the material of a
// claim (the brief at a revision, its check, the diff since another) and
// whether a principal may see a brief. GrpcBriefsClient calls it over gRPC
// and keeps the sections of recent revisions, which never change, so that a
// review's quotes are checked without another call.
#ifndef BRIEFDESK_SERVICES_REVIEW_BRIEFS_CLIENT_H_
#define BRIEFDESK_SERVICES_REVIEW_BRIEFS_CLIENT_H_

#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/directory/v1/directory.pb.h"

namespace briefdesk::review {

class BriefsClient {
 public:
  virtual ~BriefsClient() = default;
  virtual absl::StatusOr<briefs::v1::ReviewMaterial> Material(
      const std::string& brief_id, int revision, int since_revision) = 0;
  // The sections of a revision (immutable).
  virtual absl::StatusOr<briefs::v1::Sections> Sections(
      const std::string& brief_id, int revision) = 0;
  // OK when `principal` may see the brief; NOT_FOUND otherwise.
  virtual absl::Status CheckVisible(const directory::v1::Principal& principal,
                                    const std::string& brief_id) = 0;
};

std::unique_ptr<BriefsClient> NewGrpcBriefsClient(const std::string& target);

// A small LRU of revision sections by "<brief>:<revision>".
class SectionsCache {
 public:
  explicit SectionsCache(size_t capacity) : capacity_(capacity) {}
  std::optional<briefs::v1::Sections> Get(const std::string& key);
  void Put(const std::string& key, const briefs::v1::Sections& sections);

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::list<std::pair<std::string, briefs::v1::Sections>> order_;
  std::unordered_map<std::string, decltype(order_)::iterator> index_;
};

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_BRIEFS_CLIENT_H_
