#include "services/briefs/reviewer_store.h"

#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {

namespace store {

void PrepareReviewerStatements(pqxx::connection_base& conn) {
  conn.prepare(
      "add_reviewer",
      "INSERT INTO brief_reviewers (brief_id, user_id) "
      "SELECT id, $2 FROM briefs WHERE id = $1 ON CONFLICT DO NOTHING");
  conn.prepare("reviewers_of",
               "SELECT user_id FROM brief_reviewers WHERE brief_id = $1 "
               "ORDER BY user_id");
}

}  // namespace store

void AddReviewer(Tx& tx, const std::string& brief_id,
                 const std::string& expert_id) {
  store::Changing(tx).exec_prepared("add_reviewer", brief_id, expert_id);
}

std::vector<std::string> ReviewersOf(Tx& tx, const std::string& brief_id) {
  std::vector<std::string> out;
  for (const auto& row :
       store::Reading(tx).exec_prepared("reviewers_of", brief_id)) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

}  // namespace briefdesk::briefs
