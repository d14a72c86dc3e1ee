// The briefs table: each brief's head (state, current revision, version,
// publication), read joined with its current revision's content. Every
// function runs in the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// "revision-version": names the head, which every change moves.
std::string MakeEtag(int revision, int version);

// A brief as one viewer finds it.
struct BriefRow {
  v1::Brief brief;
  int version = 0;        // of the head, part of the ETag
  bool reviewed = false;  // the viewer holds or held a review task on it
};

// The brief at its current revision, in one statement; NOT_FOUND when
// unknown. `viewer_id` may be empty.
absl::StatusOr<BriefRow> LoadBrief(Tx& tx, const std::string& id,
                                   const std::string& viewer_id);
// The same, locking the head until the transaction ends.
absl::StatusOr<BriefRow> LockBrief(Tx& tx, const std::string& id,
                                   const std::string& viewer_id);

void InsertBrief(Tx& tx, const v1::Brief& brief);
// Moves the head to `state` and `revision`, bumping its version.
void UpdateHead(Tx& tx, const std::string& id, v1::BriefState state,
                int revision, bool set_publish_time = false);
// What readers see once published: the slug and the approved revision.
void SetPublication(Tx& tx, const std::string& id, const std::string& slug,
                    int revision);
void SetRetraction(Tx& tx, const std::string& id, const std::string& reason);
// Tells every replica's publication watchers, when `tx` commits, that every
// list and the page of `slug` (when not empty) changed
// (publication_watch.h); not at all if it rolls back.
void AnnouncePublicationChange(Tx& tx, const std::string& slug);
// Serializes the choice of a slug among concurrent publications.
void LockSlug(Tx& tx, const std::string& base);
bool SlugTaken(Tx& tx, const std::string& slug);

struct BriefFilter {
  std::optional<v1::BriefState> state;
  std::string topic, cohort, author_id, course_id;
  // Whom the list is for: empty `viewer` sees everything (editors, admins).
  std::string viewer;
  std::string after_id;  // keyset pagination: ids sort by creation time
  int limit = 20;
};
std::vector<v1::Brief> ListBriefs(Tx& tx, const BriefFilter& f);
// The briefs `user_id` wrote or co-wrote, newest first, at most `limit`.
std::vector<v1::Brief> BriefsWrittenBy(Tx& tx, const std::string& user_id,
                                       int limit);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_
