#include "services/notification/recipients.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "libs/outbox/subscriptions.h"
#include "libs/rpc/rpc.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;

ev::Event BriefEvent(ev::EventType type, const std::string& actor) {
  ev::Event e;
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
  EXPECT_EQ(Recipients(BriefEvent(ev::BRIEF_SUBMITTED, "author"), editors),
            (V{"co", "ed1", "ed2"}));
  EXPECT_EQ(
      Recipients(BriefEvent(ev::BRIEF_APPROVED, rpc::kReviewService), editors),
      (V{"author", "co", "expert1", "ed1", "ed2"}));
  EXPECT_EQ(
      Recipients(BriefEvent(ev::BRIEF_CHANGES_REQUESTED, rpc::kReviewService),
                 editors),
      (V{"author", "co", "expert1"}));
  EXPECT_EQ(Recipients(BriefEvent(ev::BRIEF_PUBLISHED, "ed1"), editors),
            (V{"author", "co", "expert1", "ed2"}));
  EXPECT_EQ(Recipients(BriefEvent(ev::BRIEF_RETURNED, "ed1"), editors),
            (V{"author", "co"}));
  EXPECT_TRUE(
      Recipients(BriefEvent(ev::EVENT_TYPE_UNSPECIFIED, "author"), editors)
          .empty());
  EXPECT_TRUE(
      Recipients(BriefEvent(ev::REVIEW_CLAIMED, "expert1"), editors).empty());

  // What the review service did names the expert, who is told of it.
  ev::Event expired;
  expired.set_type(ev::REVIEW_EXPIRED);
  expired.set_actor_id(rpc::kReviewService);
  expired.mutable_task()->set_expert_id("expert9");
  EXPECT_EQ(Recipients(expired, editors), (V{"expert9"}));
}

TEST(RecipientsTest, WordsNameTheBriefAndTheNote) {
  Text t = Describe(BriefEvent(ev::BRIEF_RETURNED, "ed1"), "");
  EXPECT_EQ(t.title, "Brief returned for changes");
  EXPECT_EQ(
      t.body,
      "An editor returned \u201cDecent work for all\u201d: missing sources");
  ev::Event stale;
  stale.set_type(ev::REVIEW_QUEUE_STALE);
  EXPECT_NE(Describe(stale, "Skills for youth").body.find("Skills for youth"),
            std::string::npos);
  EXPECT_NE(Describe(stale, "").body.find("a brief"), std::string::npos);
}

// The senders write notification's rows only for the events it has a rule
// for: a rule without the subscription would never fire, a subscription
// without a rule would cost every relay a row for nothing.
TEST(RecipientsTest, TheOutboxSendsExactlyTheEventsThatHaveARule) {
  std::vector<std::string> ruled;
  for (const std::string& type : KnownEvents()) {
    if (type != "followup.due") ruled.push_back(type);  // written here
  }
  ruled.push_back("invitation.sent");  // e-mailed only (email_events.h)
  ruled.push_back("password_reset.requested");  // e-mailed only too
  ruled.push_back("user.erased");  // applied, told to no one (erasures.h)
  std::vector<std::string> subscribed;
  for (ev::EventType type : outbox::SubscribedTypes("notification")) {
    subscribed.emplace_back(outbox::EventTypeName(type));
  }
  std::sort(ruled.begin(), ruled.end());
  std::sort(subscribed.begin(), subscribed.end());
  EXPECT_EQ(subscribed, ruled);
  EXPECT_FALSE(outbox::Subscribes("notification", ev::REVIEW_CLAIMED));
  EXPECT_TRUE(outbox::Subscribes("a-new-service", ev::REVIEW_CLAIMED));
}

// Webhooks subscribe by the names clients see.
TEST(RecipientsTest, KnownEventsAreTheNamesClientsSee) {
  std::vector<std::string> known = KnownEvents();
  EXPECT_TRUE(std::is_sorted(known.begin(), known.end()));
  for (const char* name :
       {"brief.submitted", "brief.published", "review.expired",
        "review.queue_stale", "followup.due"}) {
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
  }
  // Not announced to people.
  EXPECT_EQ(std::find(known.begin(), known.end(), "review.claimed"),
            known.end());
}

// An event queued before EventType carries only its name.
TEST(RecipientsTest, AnEventWithOnlyItsTypeNameReachesItsPeople) {
  ev::Event e = BriefEvent(ev::EVENT_TYPE_UNSPECIFIED, "ed1");
  e.set_type_name("brief.returned");
  EXPECT_EQ(Recipients(e, {"ed1"}), (std::vector<std::string>{"author", "co"}));
  EXPECT_EQ(Describe(e, "").title, "Brief returned for changes");
}

}  // namespace
}  // namespace briefdesk::notification
