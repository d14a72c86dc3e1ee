// Store layer of erasures (docs/data-rights.md): the erasures table, and
// what an erasure changes in the directory's other tables, in one unit of
// work: the person's row made anonymous, their keys revoked, their
// password, sessions, sign-in failures, invitation and reset links and
// stored answers deleted, and the gateways told that every published page
// may have changed (their bylines).
#ifndef BRIEFDESK_SERVICES_BRIEFS_ERASURE_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_ERASURE_STORE_H_

#include <optional>
#include <string>

#include "briefdesk/directory/v1/directory.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// Locks the person's row for the transaction (there may be none).
void LockUser(Tx& tx, const std::string& user_id);
// The person's erasure, when they were erased.
std::optional<directory::v1::Erasure> ErasureOf(Tx& tx,
                                                const std::string& user_id);
// Records `erasure` and erases its person, whose e-mail address was
// `email` (stored answers that hold it are deleted too).
void EraseAccount(Tx& tx, const directory::v1::Erasure& erasure,
                  const std::string& erased_name, const std::string& email);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_ERASURE_STORE_H_
