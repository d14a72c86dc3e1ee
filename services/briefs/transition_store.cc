#include "services/briefs/transition_store.h"

#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {

namespace store {

void PrepareTransitionStatements(pqxx::connection_base& conn) {
  conn.prepare("insert_transition",
               "INSERT INTO transitions (brief_id, action, from_state, "
               "to_state, actor_id, revision, note) VALUES "
               "($1, $2, $3, $4, $5, $6, $7)");
  conn.prepare("list_transitions",
               "SELECT seq, action, from_state, to_state, actor_id, revision, "
               "note, (extract(epoch FROM time) * 1000000)::bigint "
               "FROM transitions WHERE brief_id = $1 AND seq > $2 "
               "ORDER BY seq LIMIT $3");
}

}  // namespace store

void InsertTransition(Tx& tx, const std::string& brief_id,
                      const std::string& action, v1::BriefState from,
                      v1::BriefState to, const std::string& actor_id,
                      int revision, const std::string& note) {
  store::Changing(tx).exec_prepared(
      "insert_transition", brief_id, action, v1::BriefState_Name(from),
      v1::BriefState_Name(to), actor_id, revision, note);
}

std::vector<std::pair<int64_t, v1::Transition>> ListTransitions(
    Tx& tx, const std::string& brief_id, int64_t after_seq, int limit) {
  pqxx::result r = store::Reading(tx).exec_prepared("list_transitions",
                                                    brief_id, after_seq, limit);
  std::vector<std::pair<int64_t, v1::Transition>> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    v1::Transition t;
    t.set_action(row[1].as<std::string>());
    t.set_from(store::ReadState(row[2]));
    t.set_to(store::ReadState(row[3]));
    t.set_actor_id(row[4].as<std::string>());
    t.set_revision(row[5].as<int>());
    t.set_note(row[6].as<std::string>());
    *t.mutable_time() = store::Micros(row[7]);
    out.emplace_back(row[0].as<int64_t>(), std::move(t));
  }
  return out;
}

}  // namespace briefdesk::briefs
