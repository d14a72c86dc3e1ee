#include "services/review/guidance.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/clock/clock.h"
#include "libs/outbox/outbox.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/review/comment_checks.h"
#include "services/review/comment_posts.h"
#include "services/review/events.h"

namespace briefdesk::review {
namespace {

using directory::v1::EXPERT;
using google::protobuf::util::TimeUtil;

absl::Status ValidateRequest(const v1::RequestFeedbackRequest& req) {
  if (req.revision() < 1) {
    return rpc::FieldError("revision", "must be a saved revision, from 1");
  }
  std::set<std::string> seen;
  for (int i = 0; i < req.sections_size(); ++i) {
    const std::string& name = req.sections(i);
    if (SectionText(briefs::v1::Sections(), name) == nullptr) {
      return rpc::FieldError(absl::StrCat("sections[", i, "]"),
                             "must be one of summary, problem, evidence, "
                             "options, recommendations, references");
    }
    if (!seen.insert(name).second) {
      return rpc::FieldError(absl::StrCat("sections[", i, "]"),
                             "names a section twice");
    }
  }
  if (req.question().find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError("question",
                           "is required: say what you want to know");
  }
  if (auto problem = text::Problem(req.question(), text::Lines::kMany)) {
    return rpc::FieldError("question", *problem);
  }
  if (text::CodePoints(req.question()) > 2000) {
    return rpc::FieldError("question", "must be at most 2000 characters");
  }
  return absl::OkStatus();
}

absl::Status MayAsk(const directory::v1::Principal& p,
                    const briefs::v1::Brief& brief, int revision) {
  const auto& co = brief.co_author_ids();
  if (brief.author_id() != p.user_id() &&
      std::find(co.begin(), co.end(), p.user_id()) == co.end()) {
    return absl::PermissionDeniedError(
        "only the brief's authors ask for feedback on it");
  }
  if (brief.state() != briefs::v1::DRAFT &&
      brief.state() != briefs::v1::CHANGES_REQUESTED) {
    return absl::FailedPreconditionError(
        absl::StrCat("feedback is asked on a draft; this brief is ",
                     briefs::v1::BriefState_Name(brief.state()),
                     " (DRAFT or CHANGES_REQUESTED only)"));
  }
  if (revision > brief.revision()) {
    return rpc::FieldError(
        "revision",
        absl::StrCat("the brief has revisions 1 to ", brief.revision()));
  }
  if (brief.course_id().empty()) {
    return absl::FailedPreconditionError(
        "feedback comes from the experts of the brief's course, and this "
        "brief is in no course");
  }
  return absl::OkStatus();
}

// The request as it is stored: who wrote the brief, who may answer, and
// the mentor's head start.
FeedbackRow NewRow(const directory::v1::Principal& p,
                   const v1::RequestFeedbackRequest& req,
                   const briefs::v1::Brief& brief,
                   const courses::v1::GuidanceRoute& route,
                   std::chrono::hours mentor_first, int64_t now_us) {
  FeedbackRow row;
  v1::FeedbackRequest& r = row.request;
  r.set_id(auth::NewId());
  r.set_brief_id(brief.id());
  r.set_revision(req.revision());
  *r.mutable_sections() = req.sections();
  r.set_question(req.question());
  r.set_state(v1::FeedbackRequest::OPEN);
  r.set_requester_id(p.user_id());
  r.set_course_id(brief.course_id());
  r.set_brief_title(brief.title());
  row.author_ids = {brief.author_id()};
  for (const auto& id : brief.co_author_ids()) row.author_ids.push_back(id);
  for (const auto& id : route.expert_ids()) {
    if (std::find(row.author_ids.begin(), row.author_ids.end(), id) ==
        row.author_ids.end()) {
      row.expert_ids.push_back(id);
    }
  }
  if (!route.mentor_id().empty() && route.mentor_id() != p.user_id()) {
    r.set_mentor_id(route.mentor_id());
    *r.mutable_open_to_all_time() = TimeUtil::MicrosecondsToTimestamp(
        now_us +
        std::chrono::duration_cast<std::chrono::microseconds>(mentor_first)
            .count());
  }
  *r.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(now_us);
  return row;
}

// feedback.requested, to the mentor when there is one, else to every
// expert who may answer.
void Announce(ReviewTx& tx, const ReviewDeps& d, const FeedbackRow& row,
              const briefs::v1::Brief& brief, const std::string& actor) {
  const v1::FeedbackRequest& r = row.request;
  events::v1::Event e =
      outbox::NewEvent(events::v1::FEEDBACK_REQUESTED, r.brief_id(), actor);
  auto* talk = e.mutable_discussion();
  talk->set_request_id(r.id());
  talk->set_revision(r.revision());
  talk->set_title(brief.title());
  talk->set_text(r.question());
  talk->set_course_id(r.course_id());
  if (!r.mentor_id().empty()) {
    talk->add_to()->set_user_id(r.mentor_id());
  } else {
    for (const auto& id : row.expert_ids) talk->add_to()->set_user_id(id);
  }
  Publish(tx, d, e, nullptr);
}

}  // namespace

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             clock::Now().time_since_epoch())
      .count();
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Request(
    const directory::v1::Principal& p, const v1::RequestFeedbackRequest& req,
    const std::string& idempotency_key) {
  if (absl::Status s = ValidateRequest(req); !s.ok()) return s;
  // What the brief and the course say, asked before the transaction.
  auto brief = d_.briefs->GetBrief(p, req.id());
  if (!brief.ok()) return brief.status();
  if (absl::Status s = MayAsk(p, *brief, req.revision()); !s.ok()) return s;
  auto route =
      d_.courses->GuidanceRoute(brief->course_id(), brief->author_id());
  if (!route.ok()) return route.status();
  if (route->expert_ids().empty()) {
    return absl::FailedPreconditionError(
        "the brief's course has no experts yet; its organizers enrol them");
  }
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "RequestFeedback", req);
  v1::FeedbackRequest out;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    auto answer = tx.FindAnswer(scope);
    if (!answer.ok()) return answer.status();
    if (answer->has_value() && out.ParseFromString(**answer)) {
      return absl::OkStatus();
    }
    if (tx.WaitingFeedbackOfBrief(brief->id()) >= kMaxWaitingPerBrief) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the brief already has ", kMaxWaitingPerBrief,
          " requests for feedback waiting; cancel one or wait for answers"));
    }
    int64_t now = NowMicros();
    FeedbackRow row =
        NewRow(p, req, *brief, *route, d_.config.mentor_first, now);
    tx.InsertFeedback(row, now);
    Announce(tx, d_, row, *brief, p.user_id());
    out = row.request;
    tx.SaveAnswer(scope, out.SerializeAsString());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  d_.wake();
  return out;
}

absl::StatusOr<v1::ClaimFeedbackResponse> Guidance::Claim(
    const directory::v1::Principal& p, std::optional<bool>* applied) {
  if (!rpc::HasRole(p, EXPERT)) {
    return absl::PermissionDeniedError(
        "only experts answer requests for "
        "feedback");
  }
  std::string token = auth::NewApiKey();
  std::optional<FeedbackRow> row;
  outbox::Written written;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    row.reset();
    written = {};
    int64_t now = NowMicros();
    if (int held = tx.HeldFeedback(p.user_id(), now);
        held >= kMaxHeldFeedback) {
      return absl::FailedPreconditionError(
          absl::StrCat("you hold ", held,
                       " requests for feedback, the most allowed; "
                       "answer or release one first"));
    }
    int64_t until = now + std::chrono::duration_cast<std::chrono::microseconds>(
                              d_.config.feedback_lease)
                              .count();
    auto id = tx.ClaimNextFeedback(p.user_id(), token, now, until);
    if (!id) return absl::OkStatus();
    auto loaded = tx.LoadFeedback(*id, now, false);
    if (!loaded.ok()) return loaded.status();
    row = *std::move(loaded);
    // The expert reads the brief from now on (the briefs service).
    events::v1::Event e = outbox::NewEvent(
        events::v1::FEEDBACK_CLAIMED, row->request.brief_id(), p.user_id());
    e.mutable_discussion()->set_request_id(*id);
    e.mutable_discussion()->set_revision(row->request.revision());
    Publish(tx, d_, e, &written);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  v1::ClaimFeedbackResponse out;
  if (!row) return out;
  d_.wake();
  *applied = d_.await(written);
  const v1::FeedbackRequest& r = row->request;
  auto material =
      d_.briefs->Material(r.brief_id(), r.revision(), 0, p.user_id());
  if (!material.ok()) {
    // The request goes back: the expert could not be given the brief.
    (void)Transact(d_.pool, [&](ReviewTx& tx) {
      tx.ReleaseFeedback(r.id(), NowMicros());
      return absl::OkStatus();
    });
    return material.status();
  }
  *out.mutable_request() = r;
  *out.mutable_brief() = std::move(*material->mutable_brief());
  *out.mutable_check() = std::move(*material->mutable_check());
  *out.mutable_threads() = std::move(*material->mutable_threads());
  return out;
}

absl::StatusOr<FeedbackRow> Guidance::Held(ReviewTx& tx,
                                           const std::string& expert,
                                           const std::string& id,
                                           const std::string& token,
                                           int64_t now_us) {
  auto row = tx.LoadFeedback(id, now_us, /*for_update=*/true);
  if (!row.ok()) return row.status();
  const v1::FeedbackRequest& r = row->request;
  if (r.state() == v1::FeedbackRequest::ANSWERED ||
      r.state() == v1::FeedbackRequest::CANCELLED) {
    return absl::FailedPreconditionError(
        absl::StrCat("the request for feedback ", id, " is ",
                     v1::FeedbackRequest::State_Name(r.state())));
  }
  if (r.state() != v1::FeedbackRequest::CLAIMED || r.claimed_by() != expert) {
    return absl::FailedPreconditionError(
        "your lease on this request for feedback ended or was released; "
        "claim again");
  }
  if (token.empty() || token != r.claim_token()) {
    return absl::FailedPreconditionError(
        "the claim token is stale: it is not the one of your current claim");
  }
  return row;
}

absl::StatusOr<v1::FeedbackRequest> Guidance::Answer(
    const directory::v1::Principal& p, const v1::AnswerFeedbackRequest& req,
    std::optional<bool>* applied) {
  if (req.note().find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError("note", "is required: your advice to the authors");
  }
  if (auto problem = text::Problem(req.note(), text::Lines::kMany)) {
    return rpc::FieldError("note", *problem);
  }
  if (text::CodePoints(req.note()) > 20000) {
    return rpc::FieldError("note", "must be at most 20000 characters");
  }
  if (absl::Status s = ValidateComments(req.comments(), 100); !s.ok()) return s;
  v1::FeedbackRequest out;
  if (HasQuotes(req.comments())) {
    absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
      auto row =
          Held(tx, p.user_id(), req.id(), req.claim_token(), NowMicros());
      if (!row.ok()) return row.status();
      out = row->request;
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    auto sections = d_.briefs->Sections(out.brief_id(), out.revision());
    if (!sections.ok()) return sections.status();
    if (absl::Status q = CheckQuotes(req.comments(), *sections); !q.ok()) {
      return q;
    }
  }
  outbox::Written written;
  absl::Status s = Transact(d_.pool, [&](ReviewTx& tx) -> absl::Status {
    written = {};
    int64_t now = NowMicros();
    auto row = Held(tx, p.user_id(), req.id(), req.claim_token(), now);
    if (!row.ok()) return row.status();
    v1::FeedbackRequest answered = row->request;
    answered.set_expert_id(p.user_id());
    answered.set_note(req.note());
    *answered.mutable_comments() = req.comments();
    tx.AnswerFeedback(answered, now);
    auto stored = tx.LoadFeedback(req.id(), now, false);
    if (!stored.ok()) return stored.status();
    out = stored->request;
    PostFeedbackComments(tx, d_, out, &written);
    events::v1::Event e = outbox::NewEvent(events::v1::FEEDBACK_ANSWERED,
                                           out.brief_id(), p.user_id());
    auto* talk = e.mutable_discussion();
    talk->set_request_id(out.id());
    talk->set_revision(out.revision());
    talk->set_course_id(out.course_id());
    for (const auto& id : row->author_ids) talk->add_to()->set_user_id(id);
    Publish(tx, d_, e, nullptr);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  d_.wake();
  // The threads exist before the answer: the authors may reply at once.
  *applied = d_.await(written);
  return out;
}

}  // namespace briefdesk::review
