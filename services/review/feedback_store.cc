// The feedback_requests and feedback_comments tables. Times are the
// service's clock (libs/clock: tests move it), passed in as microseconds.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "libs/storage/text_arrays.h"
#include "services/review/store.h"

namespace briefdesk::review {
namespace {

using google::protobuf::util::TimeUtil;
using State = v1::FeedbackRequest::State;

// A lease that has passed reads OPEN (without a sweep): $1 is now.
constexpr char kColumns[] =
    "id, brief_id, revision, sections, question, "
    "CASE WHEN state = 'CLAIMED' AND lease_expire_time <= "
    "to_timestamp($1::float8 / 1e6) THEN 'OPEN' ELSE state END, "
    "requester_id, course_id, mentor_id, "
    "(extract(epoch FROM open_to_all_time) * 1e6)::bigint, claimed_by, "
    "(extract(epoch FROM lease_expire_time) * 1e6)::bigint, claim_token, "
    "expert_id, note, (extract(epoch FROM answer_time) * 1e6)::bigint, "
    "(extract(epoch FROM create_time) * 1e6)::bigint, author_ids, "
    "expert_ids, brief_title FROM feedback_requests ";

// A row an expert may claim: open, or claimed under a lease that passed.
constexpr char kClaimable[] =
    "(state = 'OPEN' OR (state = 'CLAIMED' AND lease_expire_time <= "
    "to_timestamp($1::float8 / 1e6)))";

void SetTime(const pqxx::field& f, google::protobuf::Timestamp* t) {
  if (!f.is_null()) *t = TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

FeedbackRow ReadRow(const pqxx::row& row) {
  FeedbackRow out;
  v1::FeedbackRequest& r = out.request;
  r.set_id(row[0].as<std::string>());
  r.set_brief_id(row[1].as<std::string>());
  r.set_revision(row[2].as<int>());
  for (std::string& s : storage::ReadTextArray(row[3]))
    r.add_sections(std::move(s));
  r.set_question(row[4].as<std::string>());
  State state = v1::FeedbackRequest::STATE_UNSPECIFIED;
  v1::FeedbackRequest::State_Parse(row[5].as<std::string>(), &state);
  r.set_state(state);
  r.set_requester_id(row[6].as<std::string>());
  r.set_course_id(row[7].as<std::string>());
  r.set_mentor_id(row[8].as<std::string>());
  SetTime(row[9], r.mutable_open_to_all_time());
  if (state == v1::FeedbackRequest::CLAIMED) {
    r.set_claimed_by(row[10].as<std::string>());
    SetTime(row[11], r.mutable_lease_expire_time());
    r.set_claim_token(row[12].as<std::string>());
  }
  r.set_expert_id(row[13].as<std::string>());
  r.set_note(row[14].as<std::string>());
  SetTime(row[15], r.mutable_answer_time());
  SetTime(row[16], r.mutable_create_time());
  out.author_ids = storage::ReadTextArray(row[17]);
  out.expert_ids = storage::ReadTextArray(row[18]);
  r.set_brief_title(row[19].as<std::string>());
  return out;
}

}  // namespace

std::string FeedbackCommentId(const std::string& request_id, int index) {
  return absl::StrCat(request_id, ".", index + 1);
}

void PrepareFeedbackStatements(pqxx::connection_base& c) {
  c.prepare("insert_feedback",
            "INSERT INTO feedback_requests (id, brief_id, revision, sections, "
            "question, requester_id, author_ids, course_id, expert_ids, "
            "mentor_id, open_to_all_time, create_time, update_time, "
            "brief_title) VALUES ($1, $2, $3, $4::text[], $5, $6, $7::text[], "
            "$8, $9::text[], $10, CASE WHEN $10 = '' THEN NULL ELSE "
            "to_timestamp($11::float8 / 1e6) END, to_timestamp($12::float8 / "
            "1e6), to_timestamp($12::float8 / 1e6), $13)");
  c.prepare("load_feedback",
            absl::StrCat("SELECT ", kColumns, "WHERE id = $2"));
  c.prepare("lock_feedback",
            absl::StrCat("SELECT ", kColumns, "WHERE id = $2 FOR UPDATE"));
  c.prepare("waiting_feedback_of_brief",
            "SELECT count(*) FROM feedback_requests WHERE brief_id = $1 AND "
            "state IN ('OPEN', 'CLAIMED')");
  c.prepare("held_feedback",
            "SELECT count(*) FROM feedback_requests WHERE claimed_by = $2 AND "
            "state = 'CLAIMED' AND lease_expire_time > "
            "to_timestamp($1::float8 / 1e6)");
  // The caller's mentees' requests first, then the oldest; never a brief
  // the caller wrote.
  c.prepare("next_feedback",
            absl::StrCat(
                "SELECT id FROM feedback_requests WHERE ", kClaimable,
                " AND NOT ($2 = ANY (author_ids)) AND (mentor_id = $2 OR ($2 = "
                "ANY (expert_ids) AND (mentor_id = '' OR open_to_all_time <= "
                "to_timestamp($1::float8 / 1e6)))) ORDER BY (mentor_id = $2) "
                "DESC, create_time, id LIMIT 1 FOR UPDATE SKIP LOCKED"));
  c.prepare("count_claimable_feedback",
            absl::StrCat(
                "SELECT count(*) FROM feedback_requests WHERE ", kClaimable,
                " AND NOT ($2 = ANY (author_ids)) AND (mentor_id = $2 OR ($2 = "
                "ANY (expert_ids) AND (mentor_id = '' OR open_to_all_time <= "
                "to_timestamp($1::float8 / 1e6))))"));
  c.prepare("claim_feedback",
            "UPDATE feedback_requests SET state = 'CLAIMED', claimed_by = $2, "
            "claim_token = $3, lease_expire_time = to_timestamp($4::float8 / "
            "1e6), update_time = to_timestamp($1::float8 / 1e6) WHERE id = $5");
  c.prepare("renew_feedback",
            "UPDATE feedback_requests SET lease_expire_time = "
            "to_timestamp($2::float8 / 1e6) WHERE id = $1");
  c.prepare("release_feedback",
            "UPDATE feedback_requests SET state = 'OPEN', claimed_by = '', "
            "claim_token = '', lease_expire_time = NULL, update_time = "
            "to_timestamp($1::float8 / 1e6) WHERE id = $2");
  c.prepare("answer_feedback",
            "UPDATE feedback_requests SET state = 'ANSWERED', expert_id = $2, "
            "note = $3, answer_time = to_timestamp($1::float8 / 1e6), "
            "claim_token = '', update_time = to_timestamp($1::float8 / 1e6) "
            "WHERE id = $4");
  c.prepare("cancel_feedback",
            "UPDATE feedback_requests SET state = 'CANCELLED', claimed_by = "
            "'', claim_token = '', lease_expire_time = NULL, update_time = "
            "to_timestamp($1::float8 / 1e6) WHERE id = $2");
  c.prepare("insert_feedback_comment",
            "INSERT INTO feedback_comments (request_id, idx, section, quote, "
            "body) VALUES ($1, $2, $3, $4, $5)");
  c.prepare("feedback_comments",
            "SELECT idx, section, quote, body FROM feedback_comments WHERE "
            "request_id = $1 ORDER BY idx");
  c.prepare("feedback_of_brief",
            absl::StrCat("SELECT ", kColumns,
                         "WHERE brief_id = $2 AND ($3 = '' OR id < $3) "
                         "ORDER BY id DESC LIMIT $4"));
  c.prepare("feedback_of_expert",
            absl::StrCat("SELECT ", kColumns,
                         "WHERE (expert_id = $2 OR (claimed_by = $2 AND state "
                         "= 'CLAIMED' AND lease_expire_time > "
                         "to_timestamp($1::float8 / 1e6))) AND ($3 = '' OR "
                         "id < $3) ORDER BY id DESC LIMIT $4"));
  c.prepare("feedback_of_person",
            absl::StrCat("SELECT ", kColumns,
                         "WHERE (requester_id = $2 OR $2 = ANY (author_ids) "
                         "OR expert_id = $2) AND "
                         "($3 = '' OR id < $3) ORDER BY id DESC LIMIT $4"));
}

void ReviewTx::InsertFeedback(const FeedbackRow& row, int64_t now_us) {
  const v1::FeedbackRequest& r = row.request;
  int64_t open_us =
      r.has_open_to_all_time()
          ? TimeUtil::TimestampToMicroseconds(r.open_to_all_time())
          : now_us;
  tx_.exec_prepared("insert_feedback", r.id(), r.brief_id(), r.revision(),
                    storage::TextArray(r.sections()), r.question(),
                    r.requester_id(), storage::TextArray(row.author_ids),
                    r.course_id(), storage::TextArray(row.expert_ids),
                    r.mentor_id(), open_us, now_us, r.brief_title());
}

absl::StatusOr<FeedbackRow> ReviewTx::LoadFeedback(const std::string& id,
                                                   int64_t now_us,
                                                   bool for_update) {
  pqxx::result r = tx_.exec_prepared(
      for_update ? "lock_feedback" : "load_feedback", now_us, id);
  if (r.empty()) {
    return absl::NotFoundError("feedback request " + id + " not found");
  }
  FeedbackRow row = ReadRow(r[0]);
  ReadFeedbackComments(&row.request);
  return row;
}

int ReviewTx::WaitingFeedbackOfBrief(const std::string& brief_id) {
  return tx_.exec_prepared("waiting_feedback_of_brief", brief_id)[0][0]
      .as<int>();
}

int ReviewTx::HeldFeedback(const std::string& expert, int64_t now_us) {
  return tx_.exec_prepared("held_feedback", now_us, expert)[0][0].as<int>();
}

int ReviewTx::ClaimableFeedback(const std::string& expert, int64_t now_us) {
  return tx_.exec_prepared("count_claimable_feedback", now_us, expert)[0][0]
      .as<int>();
}

std::optional<std::string> ReviewTx::ClaimNextFeedback(
    const std::string& expert, const std::string& token, int64_t now_us,
    int64_t lease_until_us) {
  pqxx::result r = tx_.exec_prepared("next_feedback", now_us, expert);
  if (r.empty()) return std::nullopt;
  std::string id = r[0][0].as<std::string>();
  tx_.exec_prepared("claim_feedback", now_us, expert, token, lease_until_us,
                    id);
  return id;
}

void ReviewTx::RenewFeedback(const std::string& id, int64_t lease_until_us) {
  tx_.exec_prepared("renew_feedback", id, lease_until_us);
}

void ReviewTx::ReleaseFeedback(const std::string& id, int64_t now_us) {
  tx_.exec_prepared("release_feedback", now_us, id);
}

void ReviewTx::AnswerFeedback(const v1::FeedbackRequest& answered,
                              int64_t now_us) {
  tx_.exec_prepared("answer_feedback", now_us, answered.expert_id(),
                    answered.note(), answered.id());
  for (int i = 0; i < answered.comments_size(); ++i) {
    const v1::Comment& c = answered.comments(i);
    tx_.exec_prepared("insert_feedback_comment", answered.id(), i, c.section(),
                      c.quote(), c.body());
  }
}

void ReviewTx::CancelFeedback(const std::string& id, int64_t now_us) {
  tx_.exec_prepared("cancel_feedback", now_us, id);
}

void ReviewTx::ReadFeedbackComments(v1::FeedbackRequest* r) {
  r->clear_comments();
  for (const auto& row : tx_.exec_prepared("feedback_comments", r->id())) {
    v1::Comment* c = r->add_comments();
    c->set_id(FeedbackCommentId(r->id(), row[0].as<int>()));
    c->set_section(row[1].as<std::string>());
    c->set_quote(row[2].as<std::string>());
    c->set_body(row[3].as<std::string>());
  }
}

std::vector<FeedbackRow> ReviewTx::FeedbackOf(FeedbackOwner owner,
                                              const std::string& who,
                                              const std::string& after,
                                              int limit, int64_t now_us) {
  std::vector<FeedbackRow> out;
  for (const auto& row : tx_.exec_prepared(
           owner == FeedbackOwner::kBrief    ? "feedback_of_brief"
           : owner == FeedbackOwner::kExpert ? "feedback_of_expert"
                                             : "feedback_of_person",
           now_us, who, after, limit)) {
    out.push_back(ReadRow(row));
    ReadFeedbackComments(&out.back().request);
  }
  return out;
}

}  // namespace briefdesk::review
