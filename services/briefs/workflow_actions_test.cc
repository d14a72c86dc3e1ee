// Workflow actions and the review events that move a brief, on the
// in-process fixture.
#include "services/briefs/workflow_actions.h"

#include <gtest/gtest.h>

#include "services/briefs/briefs_fixture.h"

namespace briefdesk::briefs {
namespace {

using absl::StatusCode;
using workflow::Action;

class WorkflowActionsTest : public BriefsFixture {
 protected:
  // Submits the brief, and has the review service claim and approve it.
  void Approve(const rpc::Principal& author, const v1::Brief& b) {
    ASSERT_TRUE(actions_->Act(author, b.id(), Action::kSubmit, "").ok());
    events::v1::Event claimed = ReviewEvent(events::v1::REVIEW_CLAIMED, b.id());
    claimed.mutable_task()->set_expert_id(Expert().user_id());
    claimed.mutable_task()->set_first_of_round(true);
    ASSERT_TRUE(review_events_->Apply(claimed).ok());
    events::v1::Event done =
        ReviewEvent(events::v1::REVIEW_ROUND_COMPLETED, b.id());
    done.mutable_round_completed()->set_round(1);
    outbox::AddDecision(done.mutable_round_completed(), review::v1::APPROVE);
    ASSERT_TRUE(review_events_->Apply(done).ok());
    ASSERT_EQ(reads_->Get(author, b.id())->state(), v1::APPROVED);
  }
};

TEST_F(WorkflowActionsTest, SubmitWaitsForReviewAndAnnouncesIt) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  auto r = actions_->Act(author, b.id(), Action::kSubmit, "");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->brief.state(), v1::SUBMITTED);
  EXPECT_EQ(r->brief.etag(), "1-2");
  EXPECT_EQ(r->applied, std::optional<bool>(true));
  EXPECT_EQ(awaited_, 1);
  EXPECT_EQ(OutboxTypes(b.id()),
            std::vector<events::v1::EventType>{events::v1::BRIEF_SUBMITTED});
}

TEST_F(WorkflowActionsTest, SubmitIsRefusedWhileTheCheckHasErrors) {
  rpc::Principal author = Participant();
  v1::CreateBriefRequest req;
  req.set_title("Empty so far");
  req.set_topic("skills");
  auto b = drafts_->Create(author, "", req);
  ASSERT_TRUE(b.ok());
  auto r = actions_->Act(author, b->id(), Action::kSubmit, "");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_GT(rpc::DetailsOf(r.status()).details_size(), 0);
  EXPECT_EQ(reads_->Get(author, b->id())->state(), v1::DRAFT);
  EXPECT_TRUE(OutboxTypes(b->id()).empty());
}

TEST_F(WorkflowActionsTest, RefusalsNameTheAllowedActions) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  auto reopen = actions_->Act(author, b.id(), Action::kReopen, "");
  ASSERT_EQ(reopen.status().code(), StatusCode::kFailedPrecondition);
  auto details = rpc::DetailsOf(reopen.status());
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_GT(details.details(0).allowed_actions_size(), 0);
  EXPECT_EQ(actions_->Act(author, b.id(), Action::kPublish, "").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(actions_->Act(Participant(), b.id(), Action::kWithdraw, "")
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(WorkflowActionsTest, ApprovedBriefsArePublishedAtASlug) {
  rpc::Principal author = Participant(), editor = Editor();
  v1::Brief b = NewBrief(author, "Decent work for platform workers");
  Approve(author, b);
  auto published = actions_->Act(editor, b.id(), Action::kPublish, "");
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->brief.state(), v1::PUBLISHED);
  EXPECT_EQ(published->brief.slug(), "decent-work-for-platform-workers");
  EXPECT_FALSE(published->applied.has_value());
  // Everyone may read it now, and the public page shows it.
  EXPECT_TRUE(reads_->Get(Participant(), b.id()).ok());
  v1::GetPublishedRequest req;
  req.set_slug(published->brief.slug());
  auto page = publications_->Get(req);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->brief_id(), b.id());
  EXPECT_EQ(page->authors_size(), 1);
  // A second brief of the same title gets the next slug.
  v1::Brief twin = NewBrief(author, "Decent work for platform workers");
  Approve(author, twin);
  auto second = actions_->Act(editor, twin.id(), Action::kPublish, "");
  EXPECT_EQ(second->brief.slug(), "decent-work-for-platform-workers-2");
}

TEST_F(WorkflowActionsTest, ReturnNeedsANoteAndRetractAReason) {
  rpc::Principal author = Participant(), editor = Editor();
  v1::Brief b = NewBrief(author);
  Approve(author, b);
  auto bare = actions_->Act(editor, b.id(), Action::kReturn, "");
  EXPECT_EQ(rpc::DetailsOf(bare.status()).details(0).field(), "note");
  ASSERT_TRUE(
      actions_->Act(editor, b.id(), Action::kReturn, "Cite sources").ok());
  EXPECT_EQ(reads_->Get(author, b.id())->state(), v1::CHANGES_REQUESTED);
  v1::ListHistoryRequest h;
  h.set_id(b.id());
  auto history = reads_->History(author, h);
  EXPECT_EQ(history->transitions(history->transitions_size() - 1).note(),
            "Cite sources");
}

TEST_F(WorkflowActionsTest, ARepeatedEventIsAppliedOnce) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  ASSERT_TRUE(actions_->Act(author, b.id(), Action::kSubmit, "").ok());
  events::v1::Event claimed = ReviewEvent(events::v1::REVIEW_CLAIMED, b.id());
  claimed.mutable_task()->set_expert_id(Expert().user_id());
  claimed.mutable_task()->set_first_of_round(true);
  ASSERT_TRUE(review_events_->Apply(claimed).ok());
  ASSERT_TRUE(review_events_->Apply(claimed).ok());
  v1::ListHistoryRequest h;
  h.set_id(b.id());
  EXPECT_EQ(reads_->History(author, h)->transitions_size(), 3);
  // An event about a brief that does not exist is acknowledged.
  EXPECT_TRUE(
      review_events_
          ->Apply(ReviewEvent(events::v1::REVIEW_ROUND_REQUEUED, "nope"))
          .ok());
}

// Rows the review service queued before event types and decisions were
// enums carry only their names; applied after an upgrade, they still move
// the brief.
TEST_F(WorkflowActionsTest, EventsQueuedBeforeTheEnumsStillApply) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  ASSERT_TRUE(actions_->Act(author, b.id(), Action::kSubmit, "").ok());
  events::v1::Event claimed = ReviewEvent(events::v1::REVIEW_CLAIMED, b.id());
  claimed.clear_type();  // only type_name, "review.claimed"
  claimed.mutable_task()->set_expert_id(Expert().user_id());
  claimed.mutable_task()->set_first_of_round(true);
  ASSERT_TRUE(review_events_->Apply(claimed).ok());
  EXPECT_EQ(reads_->Get(author, b.id())->state(), v1::IN_REVIEW);
  events::v1::Event done =
      ReviewEvent(events::v1::REVIEW_ROUND_COMPLETED, b.id());
  done.clear_type();
  done.mutable_round_completed()->set_round(1);
  done.mutable_round_completed()->add_decision_names("REJECT");
  ASSERT_TRUE(review_events_->Apply(done).ok());
  EXPECT_EQ(reads_->Get(author, b.id())->state(), v1::REJECTED);
}

// The relay's DeliverBatch: the events of a burst apply in their order in
// one transaction, and a batch delivered again changes nothing.
TEST_F(WorkflowActionsTest, ABatchAppliesInOrderAndOnce) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  ASSERT_TRUE(actions_->Act(author, b.id(), Action::kSubmit, "").ok());
  events::v1::Event claimed = ReviewEvent(events::v1::REVIEW_CLAIMED, b.id());
  claimed.mutable_task()->set_expert_id(Expert().user_id());
  claimed.mutable_task()->set_first_of_round(true);
  events::v1::Event done =
      ReviewEvent(events::v1::REVIEW_ROUND_COMPLETED, b.id());
  done.mutable_round_completed()->set_round(1);
  outbox::AddDecision(done.mutable_round_completed(), review::v1::APPROVE);
  // Concluding the round needs the review started: the order matters.
  ASSERT_TRUE(review_events_->Apply({&claimed, &done}).ok());
  EXPECT_EQ(reads_->Get(author, b.id())->state(), v1::APPROVED);
  ASSERT_TRUE(review_events_->Apply({&claimed, &done}).ok());
  v1::ListHistoryRequest h;
  h.set_id(b.id());
  // create, submit, start review, conclude: each once.
  EXPECT_EQ(reads_->History(author, h)->transitions_size(), 4);
}

TEST_F(WorkflowActionsTest, ListsShowWhatTheCallerMaySee) {
  rpc::Principal author = Participant();
  v1::Brief mine = NewBrief(author);
  NewBrief(Participant());  // someone else's
  v1::ListBriefsRequest req;
  req.set_page_size(100);
  auto list = reads_->List(author, req);
  ASSERT_TRUE(list.ok()) << list.status();
  for (const v1::Brief& b : list->briefs()) {
    EXPECT_TRUE(b.author_id() == author.user_id() ||
                b.state() == v1::PUBLISHED || b.state() == v1::RETRACTED)
        << b.id();
  }
  req.set_author_id(author.user_id());
  list = reads_->List(author, req);
  ASSERT_EQ(list->briefs_size(), 1);
  EXPECT_EQ(list->briefs(0).id(), mine.id());
}

}  // namespace
}  // namespace briefdesk::briefs
