// The revisions table: immutable numbered revisions, inserted, never
// updated. Every function runs in the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_REVISION_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_REVISION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// NOT_FOUND when the brief has no such revision.
absl::StatusOr<v1::Revision> LoadRevision(Tx& tx, const std::string& brief_id,
                                          int number);
void InsertRevision(Tx& tx, const v1::Revision& revision);
// Revisions numbered above `after_number`, oldest first, at most `limit`.
std::vector<v1::RevisionInfo> ListRevisions(Tx& tx, const std::string& brief_id,
                                            int after_number, int limit);

// What an edit moved the head to.
struct Appended {
  int version = 0;
  google::protobuf::Timestamp update_time;
};
// An edit in one statement: `revision` (numbered one past the head) is
// inserted, the head moved to it and the edit recorded in the history, if
// the head is still at `version` (its state unchanged, as every change of
// state moves the version too); nullopt when another change came first, and
// then nothing was written.
std::optional<Appended> AppendRevision(Tx& tx, const v1::Revision& revision,
                                       v1::BriefState state, int version);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_REVISION_STORE_H_
