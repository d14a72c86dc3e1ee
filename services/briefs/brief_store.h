// SQL access to briefs, revisions and transitions. Every function runs inside
// the caller's transaction, so a service method composes them atomically.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_

#include <pqxx/pqxx>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/briefs/v1/briefs.pb.h"

namespace briefdesk::briefs {

// Prepares the statements below on a new pooled connection.
void PrepareBriefStatements(pqxx::connection& conn);

std::string MakeEtag(int revision, int version);

// The brief with its current revision's content; NOT_FOUND when unknown.
// `for_update` locks the head row until the transaction ends.
absl::StatusOr<v1::Brief> LoadBrief(pqxx::work& tx, const std::string& id,
                                    bool for_update);
absl::StatusOr<v1::Revision> LoadRevision(pqxx::work& tx,
                                          const std::string& brief_id,
                                          int number);

void InsertBrief(pqxx::work& tx, const v1::Brief& brief);
void InsertRevision(pqxx::work& tx, const v1::Revision& revision);
// Moves the head to `state` and `revision`, bumping its version.
void UpdateHead(pqxx::work& tx, const std::string& id, v1::BriefState state,
                int revision, bool set_publish_time = false);
void InsertTransition(pqxx::work& tx, const std::string& brief_id,
                      const std::string& action, v1::BriefState from,
                      v1::BriefState to, const std::string& actor_id,
                      int revision, const std::string& note);

struct BriefFilter {
  std::optional<v1::BriefState> state;
  std::string topic, cohort, author_id;
  // Whom the list is for: empty `viewer` sees everything (editors, admins).
  std::string viewer;
  std::string after_id;  // keyset pagination: ids sort by creation time
  int limit = 20;
};
std::vector<v1::Brief> ListBriefs(pqxx::work& tx, const BriefFilter& f);

std::vector<v1::RevisionInfo> ListRevisions(pqxx::work& tx,
                                            const std::string& brief_id,
                                            int after_number, int limit);
// Returns transitions and the seq of the last one (for the next page).
std::vector<std::pair<int64_t, v1::Transition>> ListTransitions(
    pqxx::work& tx, const std::string& brief_id, int64_t after_seq, int limit);

// The revision's content as a Revision message from a loaded brief.
v1::Revision RevisionOf(const v1::Brief& brief, const std::string& author_id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEF_STORE_H_
