// Reading revisions, diffs and checks, and who may read them, on the
// in-process fixture.
#include "services/briefs/revisions.h"

#include <gtest/gtest.h>

#include "services/briefs/briefs_fixture.h"

namespace briefdesk::briefs {
namespace {

using absl::StatusCode;

class RevisionsTest : public BriefsFixture {
 protected:
  // A brief with three revisions: summaries "one", "two", "three".
  v1::Brief ThreeRevisions(const rpc::Principal& author) {
    v1::Brief b = NewBrief(author);
    for (const char* summary : {"two", "three"}) {
      v1::UpdateBriefRequest req;
      req.set_id(b.id());
      req.add_if_match(b.etag());
      req.mutable_sections()->set_summary(summary);
      auto edited = drafts_->Edit(author, req);
      EXPECT_TRUE(edited.ok()) << edited.status();
      b = *edited;
    }
    return b;
  }
};

TEST_F(RevisionsTest, ListsRevisionsInPages) {
  rpc::Principal author = Participant();
  v1::Brief b = ThreeRevisions(author);
  v1::ListRevisionsRequest req;
  req.set_id(b.id());
  req.set_page_size(2);
  auto first = revisions_->List(author, req);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->revisions_size(), 2);
  EXPECT_EQ(first->revisions(0).number(), 1);
  EXPECT_EQ(first->revisions(1).number(), 2);
  ASSERT_TRUE(first->has_next_page_token());
  req.set_page_token(first->next_page_token());
  auto second = revisions_->List(author, req);
  ASSERT_EQ(second->revisions_size(), 1);
  EXPECT_EQ(second->revisions(0).number(), 3);
  EXPECT_FALSE(second->has_next_page_token());
  req.set_page_token("junk");
  EXPECT_EQ(revisions_->List(author, req).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RevisionsTest, ARevisionKeepsItsContent) {
  rpc::Principal author = Participant();
  v1::Brief b = ThreeRevisions(author);
  v1::GetRevisionRequest req;
  req.set_id(b.id());
  req.set_number(2);
  auto rev = revisions_->Get(author, req);
  ASSERT_TRUE(rev.ok()) << rev.status();
  EXPECT_EQ(rev->sections().summary(), "two");
  EXPECT_EQ(rev->etag(), "r2");
  req.set_number(9);
  EXPECT_EQ(revisions_->Get(author, req).status().code(),
            StatusCode::kNotFound);
}

TEST_F(RevisionsTest, DiffsSayWhatChanged) {
  rpc::Principal author = Participant();
  v1::Brief b = ThreeRevisions(author);
  v1::GetDiffRequest req;
  req.set_id(b.id());
  req.set_from(1);
  req.set_to(3);
  auto diff = revisions_->Diff(author, req);
  ASSERT_TRUE(diff.ok()) << diff.status();
  for (const v1::FieldDiff& f : diff->fields()) {
    EXPECT_EQ(f.changed(), f.field() == "summary") << f.field();
  }
  req.set_from(0);
  auto bad = revisions_->Diff(author, req);
  EXPECT_EQ(rpc::DetailsOf(bad.status()).details(0).field(), "from");
}

TEST_F(RevisionsTest, ChecksTheCurrentOrANamedRevision) {
  rpc::Principal author = Participant();
  v1::Brief b = ThreeRevisions(author);
  v1::GetCheckRequest req;
  req.set_id(b.id());
  auto current = revisions_->Check(author, req);
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(current->revision(), 3);
  EXPECT_EQ(current->errors_size(), 0);
  req.set_revision(1);
  EXPECT_EQ(revisions_->Check(author, req)->revision(), 1);
}

TEST_F(RevisionsTest, StrangersFindNothingEditorsAndReviewersSeeAll) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  v1::GetRevisionRequest req;
  req.set_id(b.id());
  req.set_number(1);
  rpc::Principal expert = Expert();
  EXPECT_EQ(revisions_->Get(Participant(), req).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(revisions_->Get(expert, req).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(revisions_->Get(Editor(), req).ok());
  // An expert who claimed a task on the brief may see it from then on.
  events::v1::Event claimed = ReviewEvent(events::v1::REVIEW_CLAIMED, b.id());
  claimed.mutable_task()->set_expert_id(expert.user_id());
  ASSERT_TRUE(review_events_->Apply(claimed).ok());
  EXPECT_TRUE(revisions_->Get(expert, req).ok());
  EXPECT_TRUE(reads_->Get(expert, b.id()).ok());
}

TEST_F(RevisionsTest, ReviewMaterialIsForTheReviewServiceOnly) {
  rpc::Principal author = Participant();
  v1::Brief b = ThreeRevisions(author);
  v1::GetReviewMaterialRequest req;
  req.set_id(b.id());
  req.set_revision(2);
  req.set_since_revision(1);
  EXPECT_EQ(revisions_->ReviewMaterial(Editor(), req).status().code(),
            StatusCode::kPermissionDenied);
  rpc::Principal review;
  review.set_user_id(rpc::kReviewService);
  auto m = revisions_->ReviewMaterial(review, req);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->brief().revision(), 2);
  EXPECT_EQ(m->brief().sections().summary(), "two");
  EXPECT_EQ(m->check().revision(), 2);
  EXPECT_GT(m->diff().fields_size(), 0);
}

}  // namespace
}  // namespace briefdesk::briefs
