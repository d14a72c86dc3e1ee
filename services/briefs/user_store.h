// The users table: people, their roles, expertise and cohort. Every function
// runs in the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_USER_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_USER_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "briefdesk/directory/v1/directory.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

// NOT_FOUND when unknown.
absl::StatusOr<directory::v1::User> LoadUser(Tx& tx, const std::string& id);
// Users with ids after `after_id`, by id, with `role` ("" for any).
std::vector<directory::v1::User> ListUsers(Tx& tx, const std::string& after_id,
                                           int limit, const std::string& role);
// Inserts the user with its id, display name, email, roles, expertise and
// cohort.
void InsertUser(Tx& tx, const directory::v1::User& user);
// Inserts the user unless one has its id; true when inserted.
bool InsertUserOnce(Tx& tx, const directory::v1::User& user);
bool EmailTaken(Tx& tx, const std::string& email);
void SetEmail(Tx& tx, const std::string& id, const std::string& email);
// False when there is no such user, or they were erased.
bool SetDisplayName(Tx& tx, const std::string& id, const std::string& name);
// The account of an e-mail address, compared without case, locked for the
// transaction; nullopt when there is none.
std::optional<directory::v1::User> UserByEmail(Tx& tx,
                                               const std::string& email);
// Stores the user's roles and expertise.
void SetRolesAndExpertise(Tx& tx, const directory::v1::User& user);
// How many of `ids` name participants.
int CountParticipants(Tx& tx, const std::vector<std::string>& ids);
// The user's cohort, "" when unknown.
std::string CohortOf(Tx& tx, const std::string& id);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_USER_STORE_H_
