// The reviews and comments tables.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/review/store.h"

namespace briefdesk::review {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kReviewColumns[] =
    "id, task_id, brief_id, revision, round, decision, summary, evidence, "
    "clarity, actionability, relevance, reviewer_id, "
    "(extract(epoch FROM create_time) * 1000000)::bigint FROM reviews ";

// Stored by name ("APPROVE").
v1::Decision ParseDecision(const pqxx::field& f) {
  v1::Decision d = v1::DECISION_UNSPECIFIED;
  v1::Decision_Parse(f.as<std::string>(), &d);
  return d;
}

v1::Review ReadReview(const pqxx::row& row) {
  v1::Review r;
  r.set_id(row[0].as<std::string>());
  r.set_task_id(row[1].as<std::string>());
  r.set_brief_id(row[2].as<std::string>());
  r.set_revision(row[3].as<int>());
  r.set_round(row[4].as<int>());
  r.set_decision(ParseDecision(row[5]));
  r.set_summary(row[6].as<std::string>());
  r.mutable_scores()->set_evidence(row[7].as<int>());
  r.mutable_scores()->set_clarity(row[8].as<int>());
  r.mutable_scores()->set_actionability(row[9].as<int>());
  r.mutable_scores()->set_relevance(row[10].as<int>());
  r.set_reviewer_id(row[11].as<std::string>());
  *r.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(row[12].as<int64_t>());
  return r;
}

std::vector<v1::Review> WithComments(pqxx::transaction_base& tx,
                                     std::vector<v1::Review> reviews) {
  for (v1::Review& r : reviews) {
    for (const auto& row : tx.exec_prepared("review_comments", r.id())) {
      v1::Comment* comment = r.add_comments();
      comment->set_id(ReviewCommentId(r.id(), row[3].as<int>()));
      comment->set_section(row[0].as<std::string>());
      comment->set_quote(row[1].as<std::string>());
      comment->set_body(row[2].as<std::string>());
    }
  }
  return reviews;
}

}  // namespace

std::string ReviewCommentId(const std::string& review_id, int index) {
  return absl::StrCat(review_id, ".", index + 1);
}

void PrepareReviewRowStatements(pqxx::connection_base& c) {
  c.prepare("insert_review",
            "INSERT INTO reviews (id, task_id, brief_id, round, revision, "
            "reviewer_id, decision, summary, evidence, clarity, "
            "actionability, relevance, comments_posted) VALUES ($1, $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10, $11, $12, true)");
  c.prepare("insert_comment",
            "INSERT INTO comments (review_id, idx, section, quote, body) "
            "VALUES ($1, $2, $3, $4, $5)");
  c.prepare("review_comments",
            "SELECT section, quote, body, idx FROM comments WHERE "
            "review_id = $1 ORDER BY idx");
  c.prepare("reviews_to_post",
            absl::StrCat("SELECT ", kReviewColumns,
                         "WHERE NOT comments_posted ORDER BY create_time, id "
                         "LIMIT $1 FOR UPDATE SKIP LOCKED"));
  c.prepare("mark_comments_posted",
            "UPDATE reviews SET comments_posted = true WHERE id = $1");
  c.prepare("reviews_of_brief",
            absl::StrCat("SELECT ", kReviewColumns,
                         "WHERE brief_id = $1 ORDER BY create_time, id"));
  c.prepare("reviews_of_tasks",
            absl::StrCat("SELECT ", kReviewColumns,
                         "WHERE task_id = ANY (string_to_array($1, ',')) "
                         "ORDER BY create_time, id"));
  c.prepare("round_decisions",
            "SELECT decision, reviewer_id FROM reviews WHERE brief_id = $1 "
            "AND round = $2 ORDER BY create_time, id");
}

void ReviewTx::InsertReview(const v1::Review& r) {
  tx_.exec_prepared("insert_review", r.id(), r.task_id(), r.brief_id(),
                    r.round(), r.revision(), r.reviewer_id(),
                    v1::Decision_Name(r.decision()), r.summary(),
                    r.scores().evidence(), r.scores().clarity(),
                    r.scores().actionability(), r.scores().relevance());
  for (int i = 0; i < r.comments_size(); ++i) {
    const v1::Comment& c = r.comments(i);
    tx_.exec_prepared("insert_comment", r.id(), i, c.section(), c.quote(),
                      c.body());
  }
}

std::vector<v1::Review> ReviewTx::ReviewsOfBrief(const std::string& brief_id) {
  std::vector<v1::Review> out;
  for (const auto& row : tx_.exec_prepared("reviews_of_brief", brief_id)) {
    out.push_back(ReadReview(row));
  }
  return WithComments(tx_, std::move(out));
}

std::vector<v1::Review> ReviewTx::ReviewsOfTasks(
    const std::vector<std::string>& ids) {
  std::vector<v1::Review> out;
  if (ids.empty()) return out;
  for (const auto& row :
       tx_.exec_prepared("reviews_of_tasks", absl::StrJoin(ids, ","))) {
    out.push_back(ReadReview(row));
  }
  return WithComments(tx_, std::move(out));
}

std::vector<v1::Review> ReviewTx::ReviewsToPost(int limit) {
  std::vector<v1::Review> out;
  for (const auto& row : tx_.exec_prepared("reviews_to_post", limit)) {
    out.push_back(ReadReview(row));
  }
  return WithComments(tx_, std::move(out));
}

void ReviewTx::MarkCommentsPosted(const std::string& review_id) {
  tx_.exec_prepared("mark_comments_posted", review_id);
}

std::vector<std::pair<v1::Decision, std::string>> ReviewTx::RoundDecisions(
    const RoundRef& round) {
  std::vector<std::pair<v1::Decision, std::string>> out;
  for (const auto& row :
       tx_.exec_prepared("round_decisions", round.brief_id, round.round)) {
    out.emplace_back(ParseDecision(row[0]), row[1].as<std::string>());
  }
  return out;
}

}  // namespace briefdesk::review
