// What the review service asks of the briefs service: the material of a
// claim (the brief at a revision, its check, the diff since another, the
// expert's earlier comments) and a brief as a principal sees it.
// GrpcBriefsClient calls it over gRPC and keeps the sections of recent
// revisions, which never change, so that a review's quotes are checked without
// another call.
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
  // With `expert`'s earlier comments on the brief, when given.
  virtual absl::StatusOr<briefs::v1::ReviewMaterial> Material(
      const std::string& brief_id, int revision, int since_revision,
      const std::string& expert = "") = 0;
  // The sections of a revision (immutable).
  virtual absl::StatusOr<briefs::v1::Sections> Sections(
      const std::string& brief_id, int revision) = 0;
  // The brief as `principal` sees it; NOT_FOUND when they may not.
  virtual absl::StatusOr<briefs::v1::Brief> GetBrief(
      const directory::v1::Principal& principal,
      const std::string& brief_id) = 0;
  // OK when `principal` may see the brief; NOT_FOUND otherwise.
  absl::Status CheckVisible(const directory::v1::Principal& principal,
                            const std::string& brief_id) {
    return GetBrief(principal, brief_id).status();
  }
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
