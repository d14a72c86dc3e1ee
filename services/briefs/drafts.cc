#include "services/briefs/drafts.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/brief_store.h"
#include "services/briefs/cohort_store.h"
#include "services/briefs/idempotency_store.h"
#include "services/briefs/revision_store.h"
#include "services/briefs/transition_store.h"
#include "services/briefs/user_store.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

using workflow::Action;

// How often an edit looks again when other changes keep coming first.
constexpr int kEditAttempts = 3;

absl::Status ValidateCreate(const v1::CreateBriefRequest& req,
                            const std::string& author_id) {
  absl::Status s = ValidateText("title", req.title(), 1, 300);
  if (s.ok()) s = ValidateTopic("topic", req.topic());
  if (s.ok())
    s = ValidateText("policyQuestion", req.policy_question(), 0, 1000);
  if (s.ok()) s = ValidateText("country", req.country(), 0, 100);
  if (s.ok()) s = ValidateText("cohort", req.cohort(), 0, 100);
  if (s.ok()) s = ValidateText("courseId", req.course_id(), 0, 100);
  if (s.ok() && !req.language().empty()) {
    s = validation::ValidateLanguage("language", req.language());
  }
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
  if (s.ok() && req.has_language()) {
    s = validation::ValidateLanguage("language", req.language());
  }
  if (s.ok()) s = ValidateSections(req.sections());
  return s;
}

// The co-authors must be existing participants.
absl::Status CheckCoAuthors(Tx& tx, const v1::CreateBriefRequest& req) {
  if (req.co_author_ids_size() == 0) return absl::OkStatus();
  std::vector<std::string> ids(req.co_author_ids().begin(),
                               req.co_author_ids().end());
  if (CountParticipants(tx, ids) != req.co_author_ids_size()) {
    return rpc::FieldError("coAuthorIds",
                           "names a user who is not a participant");
  }
  return absl::OkStatus();
}

// The new brief and its first revision, written in `tx`.
void InsertNew(Tx& tx, const rpc::Principal& p,
               const v1::CreateBriefRequest& req, const std::string& id,
               const std::string& language) {
  v1::Brief brief;
  brief.set_id(id);
  brief.set_author_id(p.user_id());
  *brief.mutable_co_author_ids() = req.co_author_ids();
  brief.set_cohort(req.cohort().empty() ? CohortOf(tx, p.user_id())
                                        : req.cohort());
  // A brief of a cohort that became a course is of that course.
  brief.set_course_id(req.course_id().empty() ? LinkedCourse(tx, brief.cohort())
                                              : req.course_id());
  brief.set_state(v1::DRAFT);
  brief.set_revision(1);
  InsertBrief(tx, brief);
  v1::Revision rev;
  rev.set_brief_id(id);
  rev.set_number(1);
  rev.set_author_id(p.user_id());
  rev.set_title(req.title());
  rev.set_policy_question(req.policy_question());
  rev.set_topic(req.topic());
  rev.set_country(req.country());
  rev.set_constituency(req.constituency());
  *rev.mutable_sections() = req.sections();
  rev.set_language(language);
  InsertRevision(tx, rev);
  InsertTransition(tx, id, "create", v1::STATE_UNSPECIFIED, v1::DRAFT,
                   p.user_id(), 1, "");
}

// The brief with the PATCH's fields applied.
v1::Brief Edited(v1::Brief b, const v1::UpdateBriefRequest& req) {
  if (req.has_title()) b.set_title(req.title());
  if (req.has_policy_question()) b.set_policy_question(req.policy_question());
  if (req.has_topic()) b.set_topic(req.topic());
  if (req.has_country()) b.set_country(req.country());
  if (req.has_constituency()) b.set_constituency(req.constituency());
  if (req.has_language()) b.set_language(req.language());
  b.mutable_sections()->MergeFrom(req.sections());
  return b;
}

bool SameContent(const v1::Brief& a, const v1::Brief& b) {
  return RevisionOf(a, "").SerializeAsString() ==
         RevisionOf(b, "").SerializeAsString();
}

// The rules of an edit of `b`: the brief as edited (its revision not yet
// moved), or nullopt when the edit changes nothing.
absl::StatusOr<std::optional<v1::Brief>> PlanEdit(
    const rpc::Principal& p, const v1::UpdateBriefRequest& req,
    const v1::Brief& b) {
  workflow::Actors actors = ActorsFor(p, &b);
  if (!workflow::MayEverTake(Action::kEdit, actors)) {
    return absl::PermissionDeniedError("only the brief's authors edit it");
  }
  workflow::Decision d =
      workflow::Apply(ToWorkflow(b.state()), Action::kEdit, actors);
  if (!d.ok()) return RefusalStatus(d, Action::kEdit);
  if (absl::Status s = rpc::CheckIfMatch(req.if_match(), b.etag(), "brief");
      !s.ok()) {
    return s;
  }
  v1::Brief edited = Edited(b, req);
  if (SameContent(edited, b)) return std::optional<v1::Brief>();
  return std::optional<v1::Brief>(std::move(edited));
}

}  // namespace

v1::Revision RevisionOf(const v1::Brief& b, const std::string& author_id) {
  v1::Revision r;
  r.set_brief_id(b.id());
  r.set_number(b.revision());
  r.set_author_id(author_id);
  r.set_title(b.title());
  r.set_policy_question(b.policy_question());
  r.set_topic(b.topic());
  r.set_country(b.country());
  r.set_constituency(b.constituency());
  *r.mutable_sections() = b.sections();
  r.set_language(b.language());
  return r;
}

absl::StatusOr<std::string> Drafts::LanguageOf(
    const v1::CreateBriefRequest& req) {
  if (!req.language().empty()) return req.language();
  if (req.course_id().empty() || !course_language_) return std::string("en");
  absl::StatusOr<std::string> course = course_language_(req.course_id());
  if (course.ok() && !course->empty()) return *course;
  if (course.status().code() == absl::StatusCode::kNotFound) {
    return std::string("en");  // a course id that names no course
  }
  return absl::UnavailableError(
      "the course's language could not be read: try again, or send the "
      "brief's language");
}

absl::StatusOr<v1::Brief> Drafts::Create(const rpc::Principal& p,
                                         const std::string& idempotency_key,
                                         const v1::CreateBriefRequest& req) {
  workflow::Decision d = workflow::Apply(
      workflow::State::kNone, Action::kCreate, ActorsFor(p, nullptr));
  if (!d.ok()) {
    return absl::PermissionDeniedError("only participants create briefs");
  }
  if (absl::Status s = ValidateCreate(req, p.user_id()); !s.ok()) return s;
  absl::StatusOr<std::string> language = LanguageOf(req);
  if (!language.ok()) return language.status();
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateBrief", req);
  return db_->InTransaction<v1::Brief>(
      [&](Tx& tx) -> absl::StatusOr<v1::Brief> {
        auto answer = FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        v1::Brief brief;
        if (answer->has_value() && brief.ParseFromString(**answer)) {
          return brief;
        }
        if (absl::Status s = CheckCoAuthors(tx, req); !s.ok()) return s;
        std::string id = auth::NewId();
        InsertNew(tx, p, req, id, *language);
        auto created = LoadBrief(tx, id, p.user_id());
        if (!created.ok()) return created.status();
        SaveAnswer(tx, scope, created->brief.SerializeAsString());
        return created->brief;
      });
}

// Optimistic: the brief is read, the rules decide, and the revision is
// written in one statement that applies only if the head has not moved
// since; if it has, the edit looks again (and a stale If-Match is refused
// then). Two round trips and one commit, and no lock held meanwhile.
absl::StatusOr<v1::Brief> Drafts::Edit(const rpc::Principal& p,
                                       const v1::UpdateBriefRequest& req) {
  if (absl::Status s = ValidateUpdate(req); !s.ok()) return s;
  return db_->Autocommit<v1::Brief>([&](Tx& tx) -> absl::StatusOr<v1::Brief> {
    for (int attempt = 0; attempt < kEditAttempts; ++attempt) {
      auto row = LoadVisible(tx, p, req.id());
      if (!row.ok()) return row.status();
      auto edited = PlanEdit(p, req, row->brief);
      if (!edited.ok()) return edited.status();
      if (!edited->has_value()) return row->brief;  // no change, no revision
      v1::Brief& b = **edited;
      b.set_revision(b.revision() + 1);
      auto moved = AppendRevision(tx, RevisionOf(b, p.user_id()), b.state(),
                                  row->version);
      if (!moved) continue;  // another change came first
      b.set_etag(MakeEtag(b.revision(), moved->version));
      *b.mutable_update_time() = moved->update_time;
      return b;
    }
    return absl::AbortedError(
        "the brief kept changing while this edit was saved: fetch it and "
        "retry");
  });
}

}  // namespace briefdesk::briefs
