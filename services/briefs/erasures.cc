#include "services/briefs/erasures.h"

#include <google/protobuf/util/time_util.h>

#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/erasure_store.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/user_store.h"
#include "services/briefs/users.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using google::protobuf::util::TimeUtil;

outbox::Event ErasedEvent(const dir::Erasure& erasure, const dir::User& was) {
  outbox::Event e =
      outbox::NewEvent(events::v1::USER_ERASED, "", erasure.erased_by());
  events::v1::UserErased* u = e.mutable_user_erased();
  u->set_user_id(erasure.user_id());
  u->set_published_name(erasure.published_name());
  u->set_erasure_id(erasure.id());
  u->set_display_name(was.display_name());
  u->set_email(was.email());
  u->set_erased_name(kErasedName);
  return e;
}

}  // namespace

absl::StatusOr<Erased> Erasures::Erase(const rpc::Principal& p,
                                       const std::string& user_id) {
  if (!IsAdmin(p)) {
    return absl::PermissionDeniedError("only admins erase people");
  }
  if (user_id == p.user_id()) {
    return absl::FailedPreconditionError(
        "you cannot erase your own account; another admin can");
  }
  if (user_id == kBootstrapAdminId) {  // made again at every start
    return absl::FailedPreconditionError(
        "the bootstrap admin is the installation's account, set by "
        "BRIEFDESK_ADMIN_EMAIL, not a person's; change that instead");
  }
  const absl::Time now = now_();
  outbox::Written written;
  auto done = db_->InTransaction<Erased>([&](Tx& tx) -> absl::StatusOr<Erased> {
    written = {};           // a retried transaction starts again
    LockUser(tx, user_id);  // two erasures at once: the second sees the first
    absl::StatusOr<dir::User> user = LoadUser(tx, user_id);
    if (!user.ok()) return user.status();
    if (std::optional<dir::Erasure> first = ErasureOf(tx, user_id)) {
      return Erased{*std::move(first), std::nullopt};
    }
    Erased out;
    dir::Erasure& e = out.erasure;
    e.set_id(auth::NewId());
    e.set_user_id(user_id);
    e.set_erased_by(p.user_id());
    *e.mutable_erase_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
    e.set_published_name(kErasedAuthorName);
    EraseAccount(tx, e, kErasedName, user->email());
    EnqueueEvent(tx, ErasedEvent(e, *user), events_.destinations, &written);
    out.applied = true;  // once committed: then awaited below
    return out;
  });
  if (!done.ok() || !done->applied) return done;
  events_.wake();
  done->applied = events_.await(written);
  return done;
}

}  // namespace briefdesk::briefs
