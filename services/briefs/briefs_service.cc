#include "services/briefs/briefs_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "libs/text/normalize.h"
#include "services/briefs/access.h"
#include "services/briefs/brief_diff.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/transitions.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

using workflow::Action;

absl::Status ValidateCreate(const v1::CreateBriefRequest& req,
                            const std::string& author_id) {
  absl::Status s = ValidateText("title", req.title(), 1, 300);
  if (s.ok()) s = ValidateTopic("topic", req.topic());
  if (s.ok())
    s = ValidateText("policyQuestion", req.policy_question(), 0, 1000);
  if (s.ok()) s = ValidateText("country", req.country(), 0, 100);
  if (s.ok()) s = ValidateText("cohort", req.cohort(), 0, 100);
  if (s.ok()) s = ValidateSections(req.sections());
  if (!s.ok()) return s;
  if (req.co_author_ids_size() > 10) {
    return rpc::FieldError("coAuthorIds", "at most 10 co-authors");
  }
  for (const std::string& id : req.co_author_ids()) {
    if (id == author_id || id.empty() || id.find(',') != std::string::npos) {
      return rpc::FieldError("coAuthorIds",
                             "must be other participants' user ids");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateUpdate(const v1::UpdateBriefRequest& req) {
  absl::Status s;
  if (req.has_title()) s = ValidateText("title", req.title(), 1, 300);
  if (s.ok() && req.has_topic()) s = ValidateTopic("topic", req.topic());
  if (s.ok() && req.has_policy_question()) {
    s = ValidateText("policyQuestion", req.policy_question(), 0, 1000);
  }
  if (s.ok() && req.has_country()) {
    s = ValidateText("country", req.country(), 0, 100);
  }
  if (s.ok()) s = ValidateSections(req.sections());
  return s;
}

// The co-authors must be existing participants.
absl::Status CheckCoAuthors(pqxx::work& tx, const v1::CreateBriefRequest& req) {
  if (req.co_author_ids_size() == 0) return absl::OkStatus();
  pqxx::result r = tx.exec_params(
      "SELECT count(*) FROM users WHERE id = ANY (string_to_array($1, ',')) "
      "AND 'PARTICIPANT' = ANY (roles)",
      absl::StrJoin(req.co_author_ids(), ","));
  if (r[0][0].as<int>() != req.co_author_ids_size()) {
    return rpc::FieldError("coAuthorIds",
                           "names a user who is not a participant");
  }
  return absl::OkStatus();
}

// The brief with the PATCH's fields applied.
v1::Brief Edited(v1::Brief b, const v1::UpdateBriefRequest& req) {
  if (req.has_title()) b.set_title(req.title());
  if (req.has_policy_question()) b.set_policy_question(req.policy_question());
  if (req.has_topic()) b.set_topic(req.topic());
  if (req.has_country()) b.set_country(req.country());
  if (req.has_constituency()) b.set_constituency(req.constituency());
  b.mutable_sections()->MergeFrom(req.sections());
  return b;
}

// If-Match: "*" or one of the tags names the current revision.
bool EtagMatches(const google::protobuf::RepeatedPtrField<std::string>& tags,
                 const std::string& current) {
  for (const std::string& t : tags) {
    if (t == "*" || t == current) return true;
  }
  return false;
}

bool SameContent(const v1::Brief& a, const v1::Brief& b) {
  return RevisionOf(a, "").SerializeAsString() ==
         RevisionOf(b, "").SerializeAsString();
}

}  // namespace

absl::StatusOr<v1::Brief> BriefsService::Create(
    const rpc::Principal& p, const std::string& idempotency_key,
    const v1::CreateBriefRequest& req) {
  workflow::Decision d = workflow::Apply(
      workflow::State::kNone, Action::kCreate, ActorsFor(p, nullptr));
  if (!d.ok()) {
    return absl::PermissionDeniedError("only participants create briefs");
  }
  if (absl::Status s = ValidateCreate(req, p.user_id()); !s.ok()) return s;
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateBrief", req);
  return pool_->Run<v1::Brief>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Brief> {
        auto answer = storage::FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        v1::Brief brief;
        if (answer->has_value() && brief.ParseFromString(**answer))
          return brief;
        if (absl::Status s = CheckCoAuthors(tx, req); !s.ok()) return s;
        brief.set_id(auth::NewId());
        brief.set_author_id(p.user_id());
        *brief.mutable_co_author_ids() = req.co_author_ids();
        brief.set_cohort(req.cohort());
        if (brief.cohort().empty()) {
          pqxx::result u = tx.exec_params(
              "SELECT cohort FROM users WHERE id = $1", p.user_id());
          if (!u.empty()) brief.set_cohort(u[0][0].as<std::string>());
        }
        brief.set_state(v1::DRAFT);
        brief.set_revision(1);
        InsertBrief(tx, brief);
        v1::Revision rev;
        rev.set_brief_id(brief.id());
        rev.set_number(1);
        rev.set_author_id(p.user_id());
        rev.set_title(req.title());
        rev.set_policy_question(req.policy_question());
        rev.set_topic(req.topic());
        rev.set_country(req.country());
        rev.set_constituency(req.constituency());
        *rev.mutable_sections() = req.sections();
        InsertRevision(tx, rev);
        InsertTransition(tx, brief.id(), "create", v1::STATE_UNSPECIFIED,
                         v1::DRAFT, p.user_id(), 1, "");
        auto created = LoadBrief(tx, brief.id(), false);
        if (created.ok())
          storage::SaveAnswer(tx, scope, created->SerializeAsString());
        return created;
      });
}

absl::StatusOr<v1::Brief> BriefsService::Update(
    const rpc::Principal& p, const v1::UpdateBriefRequest& req) {
  if (absl::Status s = ValidateUpdate(req); !s.ok()) return s;
  return pool_->Run<v1::Brief>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Brief> {
        auto b = LoadBrief(tx, req.id(), /*for_update=*/true);
        if (!b.ok()) return b.status();
        if (!MaySee(tx, p, *b)) return NotFound(req.id());
        workflow::Actors actors = ActorsFor(p, &*b);
        if (!workflow::MayEverTake(Action::kEdit, actors)) {
          return absl::PermissionDeniedError(
              "only the brief's authors edit it");
        }
        workflow::Decision d =
            workflow::Apply(ToWorkflow(b->state()), Action::kEdit, actors);
        if (!d.ok()) return RefusalStatus(d, Action::kEdit);
        if (req.if_match().empty()) {
          return rpc::FieldError("If-Match", "the ETag of the revision edited");
        }
        if (!EtagMatches(req.if_match(), b->etag())) {
          return absl::AbortedError(
              absl::StrCat("the brief changed since the ETag you sent (now \"",
                           b->etag(), "\", revision ", b->revision(),
                           "): fetch it, apply your edit again and retry"));
        }
        v1::Brief edited = Edited(*b, req);
        if (SameContent(edited, *b)) return *b;  // nothing changed: no revision
        v1::Revision rev = RevisionOf(edited, p.user_id());
        rev.set_number(b->revision() + 1);
        InsertRevision(tx, rev);
        UpdateHead(tx, b->id(), b->state(), rev.number());
        InsertTransition(tx, b->id(), "edit", b->state(), b->state(),
                         p.user_id(), rev.number(), "");
        return LoadBrief(tx, b->id(), false);
      });
}

absl::StatusOr<v1::ListBriefsResponse> BriefsService::List(
    const rpc::Principal& p, const v1::ListBriefsRequest& req) {
  auto size = rpc::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  BriefFilter f;
  if (req.state() != v1::STATE_UNSPECIFIED) f.state = req.state();
  f.topic = req.topic();
  f.cohort = req.cohort();
  f.author_id = req.author_id();
  f.viewer = SeesEverything(p) ? "" : p.user_id();
  f.limit = *size + 1;
  if (!req.page_token().empty()) {
    auto after = rpc::DecodePageToken(req.page_token());
    if (!after.ok()) return after.status();
    f.after_id = *after;
  }
  return pool_->Run<v1::ListBriefsResponse>(
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListBriefsResponse> {
        std::vector<v1::Brief> briefs = briefs::ListBriefs(tx, f);
        v1::ListBriefsResponse resp;
        for (size_t i = 0; i < briefs.size() && i < size_t(*size); ++i) {
          *resp.add_briefs() = std::move(briefs[i]);
        }
        if (briefs.size() > size_t(*size)) {
          resp.set_next_page_token(
              rpc::EncodePageToken(resp.briefs(resp.briefs_size() - 1).id()));
        }
        return resp;
      });
}

absl::StatusOr<v1::Brief> BriefsService::Act(const rpc::Principal& p,
                                             const std::string& id,
                                             Action action,
                                             const std::string& note,
                                             std::optional<bool>* applied) {
  outbox::Written written;
  if (absl::Status s =
          ValidateText(NoteField(action), note, 0, 2000, text::Lines::kMany);
      !s.ok()) {
    return s;
  }
  auto result =
      pool_->Run<v1::Brief>([&](pqxx::work& tx) -> absl::StatusOr<v1::Brief> {
        written = {};  // a retried transaction writes its rows again
        auto b = LoadBrief(tx, id, /*for_update=*/true);
        if (!b.ok()) return b.status();
        if (!MaySee(tx, p, *b)) return NotFound(id);
        workflow::Actors actors = ActorsFor(p, &*b);
        if (!workflow::MayEverTake(action, actors)) {
          return absl::PermissionDeniedError(
              "you may not " + std::string(workflow::ActionName(action)) +
              " this brief");
        }
        workflow::Context context;
        context.note = note;
        v1::CheckReport check;
        if (action == Action::kSubmit) {
          check = CheckBrief(b->title(), b->sections(), thresholds_);
          context.check_has_errors = check.errors_size() > 0;
        }
        workflow::Decision d =
            workflow::Apply(ToWorkflow(b->state()), action, actors, context);
        if (!d.ok()) return RefusalStatus(d, action, &check);
        RecordTransition(tx, *b, action, FromWorkflow(d.next), p.user_id(),
                         note, events_.destinations, &written);
        return LoadBrief(tx, id, false);
      });
  if (!result.ok()) return result;
  events_.wake();
  if (applied != nullptr &&
      (action == Action::kSubmit || action == Action::kWithdraw)) {
    *applied = events_.await(written);
  }
  return result;
}

grpc::Status BriefsService::ActRpc(grpc::ServerContext* ctx,
                                   const std::string& id, Action action,
                                   const std::string& note, v1::Brief* resp) {
  std::optional<bool> applied;
  auto result = Act(rpc::PrincipalFrom(*ctx), id, action, note, &applied);
  if (applied) rpc::SetEffects(ctx, *applied);
  return rpc::Reply(std::move(result), resp);
}

grpc::Status BriefsService::CreateBrief(grpc::ServerContext* ctx,
                                        const v1::CreateBriefRequest* req,
                                        v1::Brief* resp) {
  v1::CreateBriefRequest in = *req;
  text::NormalizeStrings(&in);  // stored composed (NFC), whatever was sent
  return rpc::Reply(Create(rpc::PrincipalFrom(*ctx),
                           rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), in),
                    resp);
}

grpc::Status BriefsService::ListBriefs(grpc::ServerContext* ctx,
                                       const v1::ListBriefsRequest* req,
                                       v1::ListBriefsResponse* resp) {
  return rpc::Reply(List(rpc::PrincipalFrom(*ctx), *req), resp);
}

grpc::Status BriefsService::UpdateBrief(grpc::ServerContext* ctx,
                                        const v1::UpdateBriefRequest* req,
                                        v1::Brief* resp) {
  v1::UpdateBriefRequest in = *req;
  text::NormalizeStrings(&in);
  return rpc::Reply(Update(rpc::PrincipalFrom(*ctx), in), resp);
}

grpc::Status BriefsService::SubmitBrief(grpc::ServerContext* ctx,
                                        const v1::BriefActionRequest* req,
                                        v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kSubmit, "", resp);
}

grpc::Status BriefsService::WithdrawBrief(grpc::ServerContext* ctx,
                                          const v1::BriefActionRequest* req,
                                          v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kWithdraw, "", resp);
}

grpc::Status BriefsService::ReopenBrief(grpc::ServerContext* ctx,
                                        const v1::BriefActionRequest* req,
                                        v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kReopen, "", resp);
}

grpc::Status BriefsService::PublishBrief(grpc::ServerContext* ctx,
                                         const v1::BriefActionRequest* req,
                                         v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kPublish, "", resp);
}

grpc::Status BriefsService::ReturnBrief(grpc::ServerContext* ctx,
                                        const v1::ReturnBriefRequest* req,
                                        v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kReturn, text::Nfc(req->note()), resp);
}

grpc::Status BriefsService::RetractBrief(grpc::ServerContext* ctx,
                                         const v1::RetractBriefRequest* req,
                                         v1::Brief* resp) {
  return ActRpc(ctx, req->id(), Action::kRetract, text::Nfc(req->reason()),
                resp);
}

}  // namespace briefdesk::briefs
