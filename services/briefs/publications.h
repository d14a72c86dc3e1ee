// Published briefs as readers see them: public, no key needed; a retracted
// one stays listed with its reason.
#ifndef BRIEFDESK_SERVICES_BRIEFS_PUBLICATIONS_H_
#define BRIEFDESK_SERVICES_BRIEFS_PUBLICATIONS_H_

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Publications {
 public:
  explicit Publications(Database* db) : db_(db) {}

  // Newest first, by topic and cohort, in pages.
  absl::StatusOr<v1::ListPublishedResponse> List(
      const v1::ListPublishedRequest& req);
  // NOT_FOUND when nothing was published at the slug.
  absl::StatusOr<v1::PublishedBrief> Get(const v1::GetPublishedRequest& req);

 private:
  Database* db_;
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_PUBLICATIONS_H_
