// The transitions table: every workflow action taken on a brief, its
// history. Every function runs in the caller's unit of work (store.h).
#ifndef BRIEFDESK_SERVICES_BRIEFS_TRANSITION_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_TRANSITION_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

void InsertTransition(Tx& tx, const std::string& brief_id,
                      const std::string& action, v1::BriefState from,
                      v1::BriefState to, const std::string& actor_id,
                      int revision, const std::string& note);
// Transitions after `after_seq`, oldest first, at most `limit`, each with
// its sequence number (the position of a page).
std::vector<std::pair<int64_t, v1::Transition>> ListTransitions(
    Tx& tx, const std::string& brief_id, int64_t after_seq, int limit);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_TRANSITION_STORE_H_
