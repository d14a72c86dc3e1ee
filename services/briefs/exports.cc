#include "services/briefs/exports.h"

#include "services/briefs/brief_store.h"
#include "services/briefs/comments.h"
#include "services/briefs/revision_store.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

// At most this many briefs and revisions of each (far above a course's).
constexpr int kMostBriefs = 1000;
constexpr int kMostRevisions = 1000;

}  // namespace

absl::StatusOr<dir::AccountExport> Exports::Account(const rpc::Principal& p) {
  dir::AccountExport out;
  absl::StatusOr<dir::User> me = users_->Current(p);
  if (!me.ok()) return me.status();
  *out.mutable_user() = *std::move(me);
  absl::StatusOr<dir::ListSessionsResponse> sessions = sessions_->List(p);
  if (!sessions.ok()) return sessions.status();
  *out.mutable_sessions() = std::move(*sessions->mutable_sessions());
  dir::ListApiKeysRequest keys_of;
  keys_of.set_user_id(p.user_id());
  absl::StatusOr<dir::ListApiKeysResponse> keys = keys_->List(p, keys_of);
  if (!keys.ok()) return keys.status();
  *out.mutable_api_keys() = std::move(*keys->mutable_keys());
  return out;
}

absl::StatusOr<v1::BriefsExport> Exports::Briefs(const rpc::Principal& p) {
  if (p.user_id().empty() || rpc::IsServicePrincipal(p.user_id())) {
    return absl::UnauthenticatedError("an export is of a person");
  }
  return db_->InTransaction<v1::BriefsExport>(
      [&](Tx& tx) -> absl::StatusOr<v1::BriefsExport> {
        v1::BriefsExport out;
        for (v1::Brief& b : BriefsWrittenBy(tx, p.user_id(), kMostBriefs)) {
          for (const v1::RevisionInfo& info :
               ListRevisions(tx, b.id(), 0, kMostRevisions)) {
            absl::StatusOr<v1::Revision> r =
                LoadRevision(tx, b.id(), info.number());
            if (!r.ok()) return r.status();
            *out.add_revisions() = *std::move(r);
          }
          for (v1::CommentThread& t : ThreadsSeenBy(tx, p, b.id())) {
            *out.add_threads() = std::move(t);
          }
          *out.add_briefs() = std::move(b);
        }
        return out;
      });
}

}  // namespace briefdesk::briefs
