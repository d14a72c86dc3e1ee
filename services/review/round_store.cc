// The rounds table.
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/review/store.h"

namespace briefdesk::review {

void PrepareRoundStatements(pqxx::connection_base& c) {
  c.prepare("lock_round",
            "SELECT in_review FROM rounds WHERE brief_id = $1 AND round = $2 "
            "FOR UPDATE");
  c.prepare("set_in_review",
            "UPDATE rounds SET in_review = $3 WHERE brief_id = $1 AND "
            "round = $2");
  c.prepare("complete_round",
            "UPDATE rounds SET state = 'COMPLETED' WHERE brief_id = $1 AND "
            "round = $2");
  c.prepare("next_round",
            "SELECT coalesce(max(round), 0) + 1 FROM rounds WHERE "
            "brief_id = $1");
  c.prepare("insert_round",
            "INSERT INTO rounds (brief_id, round, revision, topic, "
            "author_ids, needed) VALUES ($1, $2, $3, $4, "
            "string_to_array($5, ','), $6)");
  c.prepare("cancel_rounds",
            "UPDATE rounds SET state = 'CANCELLED', in_review = false "
            "WHERE brief_id = $1 AND state = 'OPEN' RETURNING round");
}

std::string RoundKey(const std::string& brief_id, int round) {
  return absl::StrCat(brief_id, ":", round);
}

std::optional<RoundRef> ParseRoundKey(const std::string& key) {
  size_t colon = key.rfind(':');
  RoundRef out;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(key.substr(colon + 1), &out.round)) {
    return std::nullopt;
  }
  out.brief_id = key.substr(0, colon);
  return out;
}

absl::StatusOr<bool> ReviewTx::LockRound(const RoundRef& round) {
  pqxx::result r = tx_.exec_prepared("lock_round", round.brief_id, round.round);
  if (r.empty()) {
    return absl::NotFoundError(absl::StrCat("review round ", round.brief_id,
                                            ":", round.round, " not found"));
  }
  return r[0][0].as<bool>();
}

void ReviewTx::SetInReview(const RoundRef& round, bool in_review) {
  tx_.exec_prepared("set_in_review", round.brief_id, round.round, in_review);
}

void ReviewTx::CompleteRound(const RoundRef& round) {
  tx_.exec_prepared("complete_round", round.brief_id, round.round);
}

int ReviewTx::NextRound(const std::string& brief_id) {
  return tx_.exec_prepared("next_round", brief_id)[0][0].as<int>();
}

void ReviewTx::InsertRound(const RoundRef& round, int revision,
                           const std::string& topic,
                           const std::vector<std::string>& authors,
                           int needed) {
  tx_.exec_prepared("insert_round", round.brief_id, round.round, revision,
                    topic, absl::StrJoin(authors, ","), needed);
}

std::vector<std::string> ReviewTx::CancelRounds(const std::string& brief_id) {
  std::vector<std::string> out;
  for (const auto& row : tx_.exec_prepared("cancel_rounds", brief_id)) {
    out.push_back(RoundKey(brief_id, row[0].as<int>()));
  }
  return out;
}

}  // namespace briefdesk::review
