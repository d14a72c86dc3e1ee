#include "services/review/review_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace briefdesk::review {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kReviewColumns[] =
    "id, task_id, brief_id, revision, round, decision, summary, evidence, "
    "clarity, actionability, relevance, reviewer_id, "
    "(extract(epoch FROM create_time) * 1000000)::bigint FROM reviews ";

v1::Review ReadReview(const pqxx::row& row) {
  v1::Review r;
  r.set_id(row[0].as<std::string>());
  r.set_task_id(row[1].as<std::string>());
  r.set_brief_id(row[2].as<std::string>());
  r.set_revision(row[3].as<int>());
  r.set_round(row[4].as<int>());
  v1::Decision d = v1::DECISION_UNSPECIFIED;
  v1::Decision_Parse(row[5].as<std::string>(), &d);
  r.set_decision(d);
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

std::vector<v1::Review> WithComments(pqxx::work& tx,
                                     std::vector<v1::Review> reviews) {
  for (v1::Review& r : reviews) {
    pqxx::result c = tx.exec_prepared("review_comments", r.id());
    for (const auto& row : c) {
      v1::Comment* comment = r.add_comments();
      comment->set_section(row[0].as<std::string>());
      comment->set_quote(row[1].as<std::string>());
      comment->set_body(row[2].as<std::string>());
    }
  }
  return reviews;
}

}  // namespace

const char kTaskColumns[] =
    "t.id, t.brief_id, t.revision, t.round, t.topic, t.state, "
    "coalesce(t.claimed_by, ''), "
    "(extract(epoch FROM t.lease_expire_time) * 1000000)::bigint, "
    "coalesce(t.claim_token, ''), "
    "(extract(epoch FROM t.create_time) * 1000000)::bigint ";

void PrepareReviewStatements(pqxx::connection& conn) {
  conn.prepare("load_task", absl::StrCat("SELECT ", kTaskColumns,
                                         "FROM tasks t WHERE t.id = $1"));
  conn.prepare("load_task_for_update",
               absl::StrCat("SELECT ", kTaskColumns,
                            "FROM tasks t WHERE t.id = $1 FOR UPDATE"));
  conn.prepare("queue_entry",
               "SELECT t.id, t.position, t.topic, t.brief_id, t.round, "
               "array_to_string(r.author_ids, ',') FROM tasks t "
               "JOIN rounds r USING (brief_id, round) WHERE t.id = $1");
  conn.prepare("queued_entries",
               "SELECT t.id, t.position, t.topic, t.brief_id, t.round, "
               "array_to_string(r.author_ids, ',') FROM tasks t "
               "JOIN rounds r USING (brief_id, round) "
               "WHERE t.state = 'QUEUED' ORDER BY t.position");
  conn.prepare("lock_round",
               "SELECT 1 FROM rounds WHERE brief_id = $1 AND round = $2 "
               "FOR UPDATE");
  conn.prepare("round_of_task",
               "SELECT brief_id, round FROM tasks WHERE id = $1");
  conn.prepare("open_claims",
               "SELECT count(*) FROM tasks WHERE state = 'CLAIMED' AND "
               "claimed_by = $1");
  conn.prepare("ever_held",
               "SELECT 1 FROM task_holders WHERE task_id = $1 AND "
               "expert_id = $2");
  conn.prepare("last_reviewed",
               "SELECT coalesce(max(revision), 0) FROM reviews "
               "WHERE reviewer_id = $1 AND brief_id = $2");
  conn.prepare("round_busy",
               "SELECT count(*) FROM tasks WHERE brief_id = $1 AND "
               "round = $2 AND state IN ('CLAIMED', 'DONE')");
  conn.prepare("review_comments",
               "SELECT section, quote, body FROM comments "
               "WHERE review_id = $1 ORDER BY idx");
  conn.prepare("reviews_of_brief",
               absl::StrCat("SELECT ", kReviewColumns,
                            "WHERE brief_id = $1 ORDER BY create_time, id"));
  conn.prepare("reviews_of_tasks",
               absl::StrCat("SELECT ", kReviewColumns,
                            "WHERE task_id = ANY (string_to_array($1, ',')) "
                            "ORDER BY create_time, id"));
}

std::string RoundKey(const std::string& brief_id, int round) {
  return absl::StrCat(brief_id, ":", round);
}

v1::Task ReadTask(const pqxx::row& row) {
  v1::Task t;
  t.set_id(row[0].as<std::string>());
  t.set_brief_id(row[1].as<std::string>());
  t.set_revision(row[2].as<int>());
  t.set_round(row[3].as<int>());
  t.set_topic(row[4].as<std::string>());
  v1::TaskState s = v1::TASK_STATE_UNSPECIFIED;
  v1::TaskState_Parse(row[5].as<std::string>(), &s);
  t.set_state(s);
  t.set_claimed_by(row[6].as<std::string>());
  if (!row[7].is_null()) {
    *t.mutable_lease_expire_time() =
        TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  }
  t.set_claim_token(row[8].as<std::string>());
  *t.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  return t;
}

absl::StatusOr<v1::Task> LoadTask(pqxx::work& tx, const std::string& id,
                                  bool for_update) {
  pqxx::result r =
      tx.exec_prepared(for_update ? "load_task_for_update" : "load_task", id);
  if (r.empty()) return absl::NotFoundError("review task " + id + " not found");
  return ReadTask(r[0]);
}

namespace {
queue::QueuedTask ReadEntry(const pqxx::row& row) {
  queue::QueuedTask q;
  q.id = row[0].as<std::string>();
  q.position = row[1].as<int64_t>();
  q.topic = row[2].as<std::string>();
  q.round = RoundKey(row[3].as<std::string>(), row[4].as<int>());
  q.author_ids =
      absl::StrSplit(row[5].as<std::string>(), ',', absl::SkipEmpty());
  return q;
}
}  // namespace

absl::StatusOr<queue::QueuedTask> QueueEntry(pqxx::work& tx,
                                             const std::string& task_id) {
  pqxx::result r = tx.exec_prepared("queue_entry", task_id);
  if (r.empty()) return absl::NotFoundError("review task " + task_id);
  return ReadEntry(r[0]);
}

std::vector<queue::QueuedTask> QueuedEntries(pqxx::work& tx) {
  std::vector<queue::QueuedTask> out;
  for (const auto& row : tx.exec_prepared("queued_entries")) {
    out.push_back(ReadEntry(row));
  }
  return out;
}

void LockRound(pqxx::work& tx, const std::string& brief_id, int round) {
  tx.exec_prepared("lock_round", brief_id, round);
}

absl::Status LockRoundOf(pqxx::work& tx, const std::string& task_id) {
  pqxx::result r = tx.exec_prepared("round_of_task", task_id);
  if (r.empty())
    return absl::NotFoundError("review task " + task_id + " not found");
  LockRound(tx, r[0][0].as<std::string>(), r[0][1].as<int>());
  return absl::OkStatus();
}

int OpenClaims(pqxx::work& tx, const std::string& expert) {
  return tx.exec_prepared("open_claims", expert)[0][0].as<int>();
}

bool EverHeld(pqxx::work& tx, const std::string& task_id,
              const std::string& expert) {
  return !tx.exec_prepared("ever_held", task_id, expert).empty();
}

int LastReviewedRevision(pqxx::work& tx, const std::string& expert,
                         const std::string& brief_id) {
  return tx.exec_prepared("last_reviewed", expert, brief_id)[0][0].as<int>();
}

bool RoundIdle(pqxx::work& tx, const std::string& brief_id, int round) {
  return tx.exec_prepared("round_busy", brief_id, round)[0][0].as<int>() == 0;
}

void InsertReview(pqxx::work& tx, const v1::Review& r) {
  tx.exec_params(
      "INSERT INTO reviews (id, task_id, brief_id, round, revision, "
      "reviewer_id, decision, summary, evidence, clarity, actionability, "
      "relevance) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      r.id(), r.task_id(), r.brief_id(), r.round(), r.revision(),
      r.reviewer_id(), v1::Decision_Name(r.decision()), r.summary(),
      r.scores().evidence(), r.scores().clarity(), r.scores().actionability(),
      r.scores().relevance());
  for (int i = 0; i < r.comments_size(); ++i) {
    const v1::Comment& c = r.comments(i);
    tx.exec_params(
        "INSERT INTO comments (review_id, idx, section, quote, body) "
        "VALUES ($1, $2, $3, $4, $5)",
        r.id(), i, c.section(), c.quote(), c.body());
  }
}

std::vector<v1::Review> ReviewsOfBrief(pqxx::work& tx,
                                       const std::string& brief_id) {
  std::vector<v1::Review> out;
  for (const auto& row : tx.exec_prepared("reviews_of_brief", brief_id)) {
    out.push_back(ReadReview(row));
  }
  return WithComments(tx, std::move(out));
}

std::vector<v1::Review> ReviewsOfTasks(pqxx::work& tx,
                                       const std::vector<std::string>& ids) {
  std::vector<v1::Review> out;
  if (ids.empty()) return out;
  for (const auto& row :
       tx.exec_prepared("reviews_of_tasks", absl::StrJoin(ids, ","))) {
    out.push_back(ReadReview(row));
  }
  return WithComments(tx, std::move(out));
}

}  // namespace briefdesk::review
