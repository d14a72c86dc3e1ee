#include "services/notification/recipients.h"

#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

events::v1::Event BriefEvent(const std::string& type,
                             const std::string& actor) {
  events::v1::Event e;
  e.set_type(type);
  e.set_actor_id(actor);
  auto* c = e.mutable_brief_changed();
  c->set_title("Decent work for all");
  c->set_author_id("author");
  c->add_co_author_ids("co");
  c->add_expert_ids("expert1");
  c->set_note("missing sources");
  return e;
}

TEST(RecipientsTest, EachEventReachesItsPeopleButNotTheActor) {
  std::vector<std::string> editors = {"ed1", "ed2"};
  using V = std::vector<std::string>;
  EXPECT_EQ(Recipients(BriefEvent("brief.submitted", "author"), editors),
            (V{"co", "ed1", "ed2"}));
  EXPECT_EQ(
      Recipients(BriefEvent("brief.approved", rpc::kReviewService), editors),
      (V{"author", "co", "expert1", "ed1", "ed2"}));
  EXPECT_EQ(
      Recipients(BriefEvent("brief.changes_requested", rpc::kReviewService),
                 editors),
      (V{"author", "co", "expert1"}));
  EXPECT_EQ(Recipients(BriefEvent("brief.published", "ed1"), editors),
            (V{"author", "co", "expert1", "ed2"}));
  EXPECT_EQ(Recipients(BriefEvent("brief.returned", "ed1"), editors),
            (V{"author", "co"}));
  EXPECT_TRUE(
      Recipients(BriefEvent("brief.created", "author"), editors).empty());
  EXPECT_TRUE(
      Recipients(BriefEvent("review.claimed", "expert1"), editors).empty());

  // What the review service did names the expert, who is told of it.
  events::v1::Event expired;
  expired.set_type("review.expired");
  expired.set_actor_id(rpc::kReviewService);
  expired.mutable_task()->set_expert_id("expert9");
  EXPECT_EQ(Recipients(expired, editors), (V{"expert9"}));
}

TEST(RecipientsTest, WordsNameTheBriefAndTheNote) {
  Text t = Describe(BriefEvent("brief.returned", "ed1"), "");
  EXPECT_EQ(t.title, "Brief returned for changes");
  EXPECT_EQ(
      t.body,
      "An editor returned \u201cDecent work for all\u201d: missing sources");
  events::v1::Event stale;
  stale.set_type("review.queue_stale");
  EXPECT_NE(Describe(stale, "Skills for youth").body.find("Skills for youth"),
            std::string::npos);
  EXPECT_NE(Describe(stale, "").body.find("a brief"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::notification
