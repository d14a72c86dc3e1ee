// Completing a review, and reading reviews back.
#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "libs/text/normalize.h"
#include "libs/text/text.h"
#include "services/review/review_service.h"
#include "services/review/review_store.h"

namespace briefdesk::review {

using directory::v1::ADMIN;
using directory::v1::EDITOR;
using directory::v1::EXPERT;

namespace {

const std::string* SectionText(const briefs::v1::Sections& s,
                               const std::string& name) {
  if (name == "summary") return &s.summary();
  if (name == "problem") return &s.problem();
  if (name == "evidence") return &s.evidence();
  if (name == "options") return &s.options();
  if (name == "recommendations") return &s.recommendations();
  if (name == "references") return &s.references();
  return nullptr;
}

absl::Status ValidateReview(const v1::CompleteRequest& req) {
  if (req.decision() == v1::DECISION_UNSPECIFIED) {
    return rpc::FieldError("decision",
                           "is required: APPROVE, REQUEST_CHANGES or REJECT");
  }
  if (req.summary().find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError("summary", "is required");
  }
  if (auto problem = text::Problem(req.summary(), text::Lines::kMany)) {
    return rpc::FieldError("summary", *problem);
  }
  if (text::CodePoints(req.summary()) > 20000) {
    return rpc::FieldError("summary", "must be at most 20000 characters");
  }
  const std::pair<const char*, int> scores[] = {
      {"scores.evidence", req.scores().evidence()},
      {"scores.clarity", req.scores().clarity()},
      {"scores.actionability", req.scores().actionability()},
      {"scores.relevance", req.scores().relevance()}};
  for (const auto& [field, value] : scores) {
    if (value < 1 || value > 5) {
      return rpc::FieldError(field, "must be a whole number from 1 to 5");
    }
  }
  if (req.comments_size() > 200) {
    return rpc::FieldError("comments", "at most 200 comments");
  }
  for (int i = 0; i < req.comments_size(); ++i) {
    const v1::Comment& c = req.comments(i);
    std::string at = absl::StrCat("comments[", i, "]");
    if (SectionText(briefs::v1::Sections(), c.section()) == nullptr) {
      return rpc::FieldError(at + ".section",
                             "must be one of summary, problem, evidence, "
                             "options, recommendations, references");
    }
    if (c.body().find_first_not_of(" \t\r\n") == std::string::npos ||
        text::CodePoints(c.body()) > 10000) {
      return rpc::FieldError(at + ".body",
                             "is required, at most 10000 characters");
    }
    for (const auto& [name, value] :
         {std::pair{".body", &c.body()}, std::pair{".quote", &c.quote()}}) {
      if (auto problem = text::Problem(*value, text::Lines::kMany)) {
        return rpc::FieldError(at + name, *problem);
      }
    }
    if (text::CodePoints(c.quote()) > 2000) {
      return rpc::FieldError(at + ".quote", "must be at most 2000 characters");
    }
  }
  return absl::OkStatus();
}

// Each quote must occur in its section of the reviewed revision.
absl::Status CheckQuotes(const v1::CompleteRequest& req,
                         const briefs::v1::Sections& sections) {
  for (int i = 0; i < req.comments_size(); ++i) {
    const v1::Comment& c = req.comments(i);
    if (c.quote().empty()) continue;
    if (SectionText(sections, c.section())->find(c.quote()) ==
        std::string::npos) {
      return rpc::FieldError(absl::StrCat("comments[", i, "].quote"),
                             "does not occur in the " + c.section() +
                                 " section of the reviewed revision");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Review> ReviewService::DoComplete(
    const rpc::Principal& p, const v1::CompleteRequest& req,
    std::optional<bool>* applied) {
  outbox::Written written;
  if (absl::Status s = ValidateReview(req); !s.ok()) return s;
  auto task =
      d_.pool->Run<v1::Task>([&](pqxx::work& tx) -> absl::StatusOr<v1::Task> {
        auto t = LoadTask(tx, req.task_id(), false);
        if (!t.ok()) return t.status();
        if (absl::Status s = CheckClaim(tx, p, *t, req.claim_token()); !s.ok())
          return s;
        return t;
      });
  if (!task.ok()) return task.status();
  auto material = Material(task->brief_id(), task->revision(), 0);
  if (!material.ok()) return material.status();
  if (absl::Status s = CheckQuotes(req, material->brief().sections());
      !s.ok()) {
    return s;
  }
  auto review = d_.pool->Run<v1::Review>([&](pqxx::work& tx)
                                             -> absl::StatusOr<v1::Review> {
    written = {};  // a retried transaction writes its rows again
    // The round first: whether this review completes it is decided on the
    // other reviews of the round as committed.
    LockRound(tx, task->brief_id(), task->round());
    auto t = LoadTask(tx, req.task_id(), /*for_update=*/true);
    if (!t.ok()) return t.status();
    // Checked again under the lock: the lease may have ended meanwhile.
    if (absl::Status s = CheckClaim(tx, p, *t, req.claim_token()); !s.ok())
      return s;
    v1::Review r;
    r.set_id(auth::NewId());
    r.set_task_id(t->id());
    r.set_brief_id(t->brief_id());
    r.set_revision(t->revision());
    r.set_round(t->round());
    r.set_decision(req.decision());
    r.set_summary(req.summary());
    *r.mutable_scores() = req.scores();
    *r.mutable_comments() = req.comments();
    r.set_reviewer_id(p.user_id());
    InsertReview(tx, r);
    tx.exec_params(
        "UPDATE tasks SET state = 'DONE', claim_token = NULL, "
        "lease_expire_time = NULL, done_time = now() WHERE id = $1",
        t->id());
    outbox::Event done =
        outbox::NewEvent("review.completed", t->brief_id(), p.user_id());
    done.mutable_task()->set_task_id(t->id());
    done.mutable_task()->set_round(t->round());
    done.mutable_task()->set_revision(t->revision());
    done.mutable_task()->set_expert_id(p.user_id());
    done.mutable_task()->set_decision(v1::Decision_Name(req.decision()));
    done.mutable_task()->set_review_id(r.id());
    outbox::Enqueue(tx, done, d_.destinations, &written);
    // The last review of the round completes it.
    pqxx::result left = tx.exec_params(
        "SELECT count(*) FILTER (WHERE state <> 'DONE') FROM tasks "
        "WHERE brief_id = $1 AND round = $2 AND state <> 'CANCELLED'",
        t->brief_id(), t->round());
    if (left[0][0].as<int>() == 0) {
      tx.exec_params(
          "UPDATE rounds SET state = 'COMPLETED' WHERE brief_id = $1 "
          "AND round = $2",
          t->brief_id(), t->round());
      outbox::Event round = outbox::NewEvent("review.round_completed",
                                             t->brief_id(), p.user_id());
      auto* rc = round.mutable_round_completed();
      rc->set_round(t->round());
      rc->set_revision(t->revision());
      for (const auto& row : tx.exec_params(
               "SELECT decision, reviewer_id FROM reviews WHERE brief_id = $1 "
               "AND round = $2 ORDER BY create_time, id",
               t->brief_id(), t->round())) {
        rc->add_decisions(row[0].as<std::string>());
        rc->add_reviewer_ids(row[1].as<std::string>());
      }
      outbox::Enqueue(tx, round, d_.destinations, &written);
    }
    auto stored = ReviewsOfTasks(tx, {t->id()});
    return stored.at(0);
  });
  if (!review.ok()) return review;
  d_.wake();
  // The round's outcome is the brief's state before the answer: an editor
  // may publish at once.
  *applied = d_.await(written);
  return review;
}

absl::StatusOr<v1::ListBriefReviewsResponse> ReviewService::DoListBriefReviews(
    const rpc::Principal& p, const v1::ListBriefReviewsRequest& req) {
  // Who may see the brief may see its reviews: the briefs service decides.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  rpc::AttachPrincipal(p, &ctx);
  briefs::v1::GetBriefRequest get;
  get.set_id(req.id());
  briefs::v1::Brief brief;
  grpc::Status s = d_.briefs->GetBrief(&ctx, get, &brief);
  if (!s.ok()) return rpc::FromGrpcStatus(s);
  bool sees_reviewers = d_.config.open_reviews || rpc::HasRole(p, EDITOR) ||
                        rpc::HasRole(p, ADMIN);
  return d_.pool->Run<v1::ListBriefReviewsResponse>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListBriefReviewsResponse> {
        v1::ListBriefReviewsResponse out;
        for (v1::Review& r : ReviewsOfBrief(tx, req.id())) {
          // Reviewers are anonymous to authors (and everyone but editors)
          // unless reviews are open; a reviewer sees their own name.
          if (!sees_reviewers && r.reviewer_id() != p.user_id()) {
            r.clear_reviewer_id();
          }
          *out.add_reviews() = std::move(r);
        }
        return out;
      });
}

absl::StatusOr<v1::ListMyReviewsResponse> ReviewService::DoListMine(
    const rpc::Principal& p, const v1::ListMyReviewsRequest& req) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError("only experts have review tasks");
  }
  auto size = rpc::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  std::string after;
  if (!req.page_token().empty()) {
    auto decoded = rpc::DecodePageToken(req.page_token());
    if (!decoded.ok()) return decoded.status();
    after = *decoded;
  }
  std::string state = req.state() == v1::TASK_STATE_UNSPECIFIED
                          ? ""
                          : v1::TaskState_Name(req.state());
  return d_.pool->Run<v1::ListMyReviewsResponse>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMyReviewsResponse> {
        pqxx::result rows = tx.exec_params(
            absl::StrCat("SELECT ", kTaskColumns,
                         "FROM tasks t JOIN task_holders h ON h.task_id = t.id "
                         "WHERE h.expert_id = $1 AND ($2 = '' OR t.state = $2) "
                         "AND t.id > $3 ORDER BY t.id LIMIT $4"),
            p.user_id(), state, after, *size + 1);
        v1::ListMyReviewsResponse out;
        std::vector<std::string> ids;
        for (int i = 0; i < int(rows.size()) && i < *size; ++i) {
          v1::Task t = ReadTask(rows[i]);
          if (t.claimed_by() != p.user_id()) {
            t.clear_claimed_by();  // released or expired: no longer theirs
            t.clear_claim_token();
            t.clear_lease_expire_time();
          }
          ids.push_back(t.id());
          *out.add_tasks() = std::move(t);
        }
        for (v1::Review& r : ReviewsOfTasks(tx, ids)) {
          if (r.reviewer_id() == p.user_id()) *out.add_reviews() = std::move(r);
        }
        if (int(rows.size()) > *size) {
          out.set_next_page_token(rpc::EncodePageToken(ids.back()));
        }
        return out;
      });
}

grpc::Status ReviewService::Complete(grpc::ServerContext* ctx,
                                     const v1::CompleteRequest* req,
                                     v1::Review* resp) {
  v1::CompleteRequest in = *req;
  text::NormalizeStrings(&in);  // as the sections its quotes must match are
  std::optional<bool> applied;
  auto review = DoComplete(rpc::PrincipalFrom(*ctx), in, &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(review), resp);
}

grpc::Status ReviewService::ListMyReviews(grpc::ServerContext* ctx,
                                          const v1::ListMyReviewsRequest* req,
                                          v1::ListMyReviewsResponse* resp) {
  return rpc::Reply(DoListMine(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status ReviewService::ListBriefReviews(
    grpc::ServerContext* ctx, const v1::ListBriefReviewsRequest* req,
    v1::ListBriefReviewsResponse* resp) {
  return rpc::Reply(DoListBriefReviews(rpc::PrincipalFrom(*ctx), *req), resp);
}

}  // namespace briefdesk::review
