// Drafting a brief: creating it, and editing it, every edit a new immutable
// revision made on the ETag the editor last saw (If-Match), so that two
// clients never silently overwrite each other.
#ifndef BRIEFDESK_SERVICES_BRIEFS_DRAFTS_H_
#define BRIEFDESK_SERVICES_BRIEFS_DRAFTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/courses_client.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

class Drafts {
 public:
  // `course_language` gives a course brief its default language.
  explicit Drafts(Database* db, CourseLanguage course_language = {})
      : db_(db), course_language_(std::move(course_language)) {}

  // A DRAFT at revision 1 by a participant, in the language asked for, else
  // its course's, else English (UNAVAILABLE when the course's cannot be
  // read). With an Idempotency-Key, a
  // repeat of the same request within 24 hours answers the first brief;
  // the key used for another request is INVALID_ARGUMENT.
  absl::StatusOr<v1::Brief> Create(const rpc::Principal& p,
                                   const std::string& idempotency_key,
                                   const v1::CreateBriefRequest& req);

  // A new revision from the fields given, by an author, in a state that
  // allows edits (FAILED_PRECONDITION otherwise); If-Match is required
  // (rpc::PreconditionRequired) and must name the current revision
  // (ABORTED). An edit that changes nothing makes no revision.
  absl::StatusOr<v1::Brief> Edit(const rpc::Principal& p,
                                 const v1::UpdateBriefRequest& req);

 private:
  absl::StatusOr<std::string> LanguageOf(const v1::CreateBriefRequest& req);

  Database* db_;
  CourseLanguage course_language_;
};

// The revision's content as a Revision message from a brief.
v1::Revision RevisionOf(const v1::Brief& brief, const std::string& author_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_DRAFTS_H_
