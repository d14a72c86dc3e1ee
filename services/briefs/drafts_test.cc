// Creating and editing briefs, on the in-process fixture.
#include "services/briefs/drafts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "services/briefs/briefs_fixture.h"

namespace briefdesk::briefs {
namespace {

using absl::StatusCode;

class DraftsTest : public BriefsFixture {
 protected:
  v1::UpdateBriefRequest EditSummary(const v1::Brief& b,
                                     const std::string& summary,
                                     const std::string& if_match) {
    v1::UpdateBriefRequest req;
    req.set_id(b.id());
    if (!if_match.empty()) req.add_if_match(if_match);
    req.mutable_sections()->set_summary(summary);
    return req;
  }
};

TEST_F(DraftsTest, CreateMakesADraftAtRevisionOne) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  EXPECT_EQ(b.state(), v1::DRAFT);
  EXPECT_EQ(b.revision(), 1);
  EXPECT_EQ(b.etag(), "1-1");
  EXPECT_EQ(b.author_id(), author.user_id());
  EXPECT_EQ(b.sections().summary(), "Extend coverage to informal workers.");
  auto read = reads_->Get(author, b.id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), b.SerializeAsString());
}

TEST_F(DraftsTest, OnlyParticipantsCreate) {
  v1::CreateBriefRequest req;
  req.set_title("A brief");
  req.set_topic("skills");
  EXPECT_EQ(drafts_->Create(Expert(), "", req).status().code(),
            StatusCode::kPermissionDenied);
  req.set_title(" ");
  auto blank = drafts_->Create(Participant(), "", req);
  EXPECT_EQ(blank.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rpc::DetailsOf(blank.status()).details(0).field(), "title");
}

TEST_F(DraftsTest, CoAuthorsMustBeParticipants) {
  v1::CreateBriefRequest req;
  req.set_title("A brief");
  req.set_topic("skills");
  req.add_co_author_ids(Expert().user_id());
  auto r = drafts_->Create(Participant(), "", req);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rpc::DetailsOf(r.status()).details(0).field(), "coAuthorIds");
}

TEST_F(DraftsTest, AnIdempotencyKeyAnswersTheFirstBriefAgain) {
  rpc::Principal author = Participant();
  v1::CreateBriefRequest req;
  req.set_title("Once");
  req.set_topic("skills");
  auto first = drafts_->Create(author, "key-1", req);
  auto again = drafts_->Create(author, "key-1", req);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->id(), again->id());
  req.set_title("Another request");
  auto reused = drafts_->Create(author, "key-1", req);
  EXPECT_EQ(reused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rpc::DetailsOf(reused.status()).details(0).field(),
            "Idempotency-Key");
}

TEST_F(DraftsTest, AnEditWithTheCurrentEtagMakesANewRevision) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  auto edited =
      drafts_->Edit(author, EditSummary(b, "New key messages.", "1-1"));
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->revision(), 2);
  EXPECT_EQ(edited->etag(), "2-2");
  EXPECT_EQ(edited->sections().summary(), "New key messages.");
  EXPECT_EQ(edited->sections().problem(), b.sections().problem());
  // The answer is what a read finds afterwards.
  auto read = reads_->Get(author, b.id());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->SerializeAsString(), edited->SerializeAsString());
  v1::ListHistoryRequest h;
  h.set_id(b.id());
  auto history = reads_->History(author, h);
  ASSERT_EQ(history->transitions_size(), 2);
  EXPECT_EQ(history->transitions(1).action(), "edit");
  EXPECT_EQ(history->transitions(1).revision(), 2);
}

TEST_F(DraftsTest, AStaleEtagIsRefusedAndChangesNothing) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  ASSERT_TRUE(drafts_->Edit(author, EditSummary(b, "Second.", "1-1")).ok());
  auto stale = drafts_->Edit(author, EditSummary(b, "Third.", "1-1"));
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);
  EXPECT_EQ(reads_->Get(author, b.id())->sections().summary(), "Second.");
  // "*" matches whatever is current.
  auto any = drafts_->Edit(author, EditSummary(b, "Third.", "*"));
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->revision(), 3);
}

TEST_F(DraftsTest, AnEditNeedsIfMatch) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  auto r = drafts_->Edit(author, EditSummary(b, "No tag.", ""));
  EXPECT_TRUE(rpc::IsPreconditionRequired(r.status()));  // 428
}

TEST_F(DraftsTest, AnEditThatChangesNothingMakesNoRevision) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  auto same =
      drafts_->Edit(author, EditSummary(b, b.sections().summary(), b.etag()));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->revision(), 1);
  EXPECT_EQ(same->etag(), b.etag());
}

TEST_F(DraftsTest, OnlyAuthorsEditAndOnlyInDraftStates) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  // A stranger does not learn that the brief exists; an editor sees it but
  // may not edit it.
  EXPECT_EQ(
      drafts_->Edit(Participant(), EditSummary(b, "x", "*")).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(drafts_->Edit(Editor(), EditSummary(b, "x", "*")).status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(
      actions_->Act(author, b.id(), workflow::Action::kSubmit, "").ok());
  auto submitted = drafts_->Edit(author, EditSummary(b, "x", "*"));
  EXPECT_EQ(submitted.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(DraftsTest, OfTwoEditsOnTheSameEtagOneWins) {
  rpc::Principal author = Participant();
  v1::Brief b = NewBrief(author);
  std::atomic<int> ok = 0, aborted = 0;
  std::vector<std::thread> editors;
  for (int i = 0; i < 4; ++i) {
    editors.emplace_back([&, i] {
      auto r = drafts_->Edit(
          author, EditSummary(b, "Edit " + std::to_string(i), b.etag()));
      if (r.ok()) ++ok;
      if (r.status().code() == StatusCode::kAborted) ++aborted;
    });
  }
  for (auto& t : editors) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(aborted, 3);
  EXPECT_EQ(reads_->Get(author, b.id())->revision(), 2);
}

// A course brief without a language takes its course's; the courses
// service unreachable refuses it (nothing is written), a course id that
// names no course gives English, and a language sent is never asked about.
TEST_F(DraftsTest, ACourseBriefTakesTheCoursesLanguage) {
  int asked = 0;
  absl::Status answer = absl::OkStatus();
  Drafts drafts(db_.get(),
                [&](const std::string& course) -> absl::StatusOr<std::string> {
                  ++asked;
                  if (!answer.ok()) return answer;
                  return course == "course-es" ? "es-419" : "fr";
                });
  rpc::Principal author = Participant();
  v1::CreateBriefRequest req;
  req.set_title("Protección social");
  req.set_topic("social-protection");
  req.set_course_id("course-es");
  auto es = drafts.Create(author, "", req);
  ASSERT_TRUE(es.ok()) << es.status();
  EXPECT_EQ(es->language(), "es-419");

  answer = absl::UnavailableError("down");
  auto down = drafts.Create(author, "", req);
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  answer = absl::NotFoundError("no such course");
  auto unknown = drafts.Create(author, "", req);
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->language(), "en");

  int before = asked;
  req.set_language("pt-BR");
  auto given = drafts.Create(author, "", req);
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ(given->language(), "pt-BR");
  EXPECT_EQ(asked, before) << "a language sent is not asked about";
  req.set_language("Portuguese");
  EXPECT_EQ(drafts.Create(author, "", req).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace briefdesk::briefs
