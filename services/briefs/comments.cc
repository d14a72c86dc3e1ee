#include "services/briefs/comments.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/pagination.h"
#include "libs/text/text.h"
#include "services/briefs/brief_access.h"
#include "services/briefs/comment_store.h"
#include "services/briefs/outbox_store.h"
#include "services/briefs/reviewer_store.h"

namespace briefdesk::briefs {
namespace {

// The thread as `p` may see it: an unnamed expert (and their replies'
// author) left out for everyone but editors, admins and the expert.
v1::CommentThread AsSeenBy(const rpc::Principal& p, ThreadRow row) {
  v1::CommentThread t = std::move(row.thread);
  bool named =
      row.expert_named || SeesEverything(p) || t.expert_id() == p.user_id();
  if (named) return t;
  t.clear_expert_id();
  for (v1::CommentReply& r : *t.mutable_replies()) {
    if (r.from_expert()) r.clear_author_id();
  }
  return t;
}

absl::Status CheckText(const std::string& field, const std::string& text,
                       size_t most, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return rpc::FieldError(field, "is required");
  }
  if (auto problem = text::Problem(text, text::Lines::kMany)) {
    return rpc::FieldError(field, *problem);
  }
  if (text::CodePoints(text) > most) {
    return rpc::FieldError(
        field, absl::StrCat("must be at most ", most, " characters"));
  }
  return absl::OkStatus();
}

// comment.replied or comment.resolved, to the other side of the thread.
void Tell(Tx& tx, const EventRouting& events, events::v1::EventType type,
          const v1::Brief& brief, const v1::CommentThread& t,
          const std::string& actor, const std::string& text, bool to_authors) {
  outbox::Event e = outbox::NewEvent(type, brief.id(), actor);
  auto* talk = e.mutable_discussion();
  talk->set_comment_id(t.id());
  talk->set_revision(t.revision());
  talk->set_title(brief.title());
  talk->set_text(text);
  talk->set_section(t.section());
  talk->set_course_id(brief.course_id());
  if (to_authors) {
    talk->add_to()->set_user_id(brief.author_id());
    for (const auto& id : brief.co_author_ids())
      talk->add_to()->set_user_id(id);
  } else {
    talk->add_to()->set_user_id(t.expert_id());
  }
  EnqueueEvent(tx, e, events.destinations, nullptr);
}

}  // namespace

absl::StatusOr<v1::ListCommentsResponse> Comments::List(
    const rpc::Principal& p, const v1::ListCommentsRequest& req) {
  auto page = storage::Page::Parse(req.page_size(), req.page_token());
  if (!page.ok()) return page.status();
  return db_->Autocommit<v1::ListCommentsResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::ListCommentsResponse> {
        auto brief = LoadVisible(tx, p, req.id());
        if (!brief.ok()) return brief.status();
        std::vector<ThreadRow> rows =
            ThreadsOfBrief(tx, req.id(), "", page->after(), page->fetch());
        auto next = page->Trim(
            rows, [](const ThreadRow& r) { return ThreadPosition(r.thread); });
        v1::ListCommentsResponse out;
        for (ThreadRow& r : rows)
          *out.add_comments() = AsSeenBy(p, std::move(r));
        if (next) out.set_next_page_token(*next);
        return out;
      });
}

absl::StatusOr<v1::CommentThread> Comments::Reply(
    const rpc::Principal& p, const v1::ReplyToCommentRequest& req) {
  if (absl::Status s = CheckText("body", req.body(), 5000, true); !s.ok()) {
    return s;
  }
  auto out = db_->InTransaction<v1::CommentThread>(
      [&](Tx& tx) -> absl::StatusOr<v1::CommentThread> {
        auto brief = LoadBrief(tx, req.id(), p.user_id());
        if (!brief.ok()) return brief.status();
        auto row = LoadThread(tx, req.id(), req.comment_id(), true);
        bool expert = row.ok() && row->thread.expert_id() == p.user_id();
        bool author = IsAuthor(p, brief->brief);
        if (!expert && !MaySee(p, brief->brief, brief->reviewed)) {
          return NotFound(req.id());
        }
        if (!row.ok()) return row.status();
        if (!expert && !author) {
          return absl::PermissionDeniedError(
              "only the brief's authors and the comment's expert reply");
        }
        v1::CommentReply reply;
        reply.set_id(auth::NewId());
        reply.set_author_id(p.user_id());
        reply.set_from_expert(expert);
        reply.set_body(req.body());
        InsertReply(tx, req.comment_id(), reply);
        Tell(tx, events_, events::v1::COMMENT_REPLIED, brief->brief,
             row->thread, p.user_id(), req.body(), /*to_authors=*/expert);
        auto stored = LoadThread(tx, req.id(), req.comment_id(), false);
        if (!stored.ok()) return stored.status();
        return AsSeenBy(p, *std::move(stored));
      });
  if (out.ok()) events_.wake();
  return out;
}

absl::StatusOr<v1::CommentThread> Comments::Resolve(
    const rpc::Principal& p, const v1::ResolveCommentRequest& req) {
  if (absl::Status s = CheckText("note", req.note(), 2000, false); !s.ok()) {
    return s;
  }
  auto out = db_->InTransaction<v1::CommentThread>(
      [&](Tx& tx) -> absl::StatusOr<v1::CommentThread> {
        auto brief = LoadVisible(tx, p, req.id());
        if (!brief.ok()) return brief.status();
        if (!IsAuthor(p, brief->brief)) {
          return absl::PermissionDeniedError(
              "only the brief's authors resolve its comments");
        }
        auto row = LoadThread(tx, req.id(), req.comment_id(), true);
        if (!row.ok()) return row.status();
        if (row->thread.resolved()) {
          return absl::FailedPreconditionError(
              "the comment is resolved "
              "already");
        }
        ResolveComment(tx, req.comment_id(), p.user_id(), req.note());
        Tell(tx, events_, events::v1::COMMENT_RESOLVED, brief->brief,
             row->thread, p.user_id(), req.note(), /*to_authors=*/false);
        auto stored = LoadThread(tx, req.id(), req.comment_id(), false);
        if (!stored.ok()) return stored.status();
        return AsSeenBy(p, *std::move(stored));
      });
  if (out.ok()) events_.wake();
  return out;
}

absl::Status StorePostedComments(Tx& tx, const events::v1::Event& e) {
  const events::v1::CommentsPosted& posted = e.comments_posted();
  for (const review::v1::Comment& c : posted.comments()) {
    ThreadRow row;
    v1::CommentThread& t = row.thread;
    t.set_id(c.id());
    t.set_brief_id(e.brief_id());
    t.set_source(posted.source());
    t.set_source_id(posted.source_id());
    t.set_revision(posted.revision());
    t.set_round(posted.round());
    t.set_expert_id(posted.expert_id());
    t.set_section(c.section());
    t.set_quote(c.quote());
    t.set_body(c.body());
    *t.mutable_create_time() =
        posted.has_create_time() ? posted.create_time() : e.time();
    row.expert_named = posted.expert_named();
    InsertComment(tx, row);
  }
  if (posted.source() == v1::CommentThread::FEEDBACK) {
    // Who advised on a brief may read it, and their threads, from now on.
    AddReviewer(tx, e.brief_id(), posted.expert_id());
  }
  return absl::OkStatus();
}

std::vector<v1::CommentThread> ThreadsSeenBy(Tx& tx, const rpc::Principal& p,
                                             const std::string& brief_id) {
  std::vector<v1::CommentThread> out;
  for (ThreadRow& r : ThreadsOfBrief(tx, brief_id, "", "", 1000)) {
    out.push_back(AsSeenBy(p, std::move(r)));
  }
  return out;
}

std::vector<v1::CommentThread> ThreadsOfExpert(Tx& tx,
                                               const std::string& brief_id,
                                               const std::string& expert) {
  std::vector<v1::CommentThread> out;
  for (ThreadRow& r : ThreadsOfBrief(tx, brief_id, expert, "", 500)) {
    out.push_back(std::move(r.thread));
  }
  return out;
}

}  // namespace briefdesk::briefs
