#include "libs/outbox/event_types.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "libs/outbox/outbox.h"

namespace briefdesk::outbox {
namespace {

using events::v1::Event;
using review::v1::APPROVE;
using review::v1::REJECT;
using review::v1::REQUEST_CHANGES;

// A length-delimited field as protobuf writes it (short values only).
std::string Field(int number, const std::string& bytes) {
  EXPECT_LT(bytes.size(), 128u);
  return std::string(1, static_cast<char>(number << 3 | 2)) +
         std::string(1, static_cast<char>(bytes.size())) + bytes;
}

TEST(EventTypesTest, EveryTypeHasItsOwnNameAndReadsBack) {
  const auto* d = events::v1::EventType_descriptor();
  std::set<std::string> names;
  for (int i = 0; i < d->value_count(); ++i) {
    auto type = static_cast<EventType>(d->value(i)->number());
    if (type == events::v1::EVENT_TYPE_UNSPECIFIED) continue;
    std::string name(EventTypeName(type));
    EXPECT_FALSE(name.empty()) << d->value(i)->name();
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseEventType(name), type) << name;
  }
}

TEST(EventTypesTest, NamesAreTheOnesClientsSee) {
  EXPECT_EQ(EventTypeName(events::v1::BRIEF_SUBMITTED), "brief.submitted");
  EXPECT_EQ(EventTypeName(events::v1::REVIEW_ROUND_COMPLETED),
            "review.round_completed");
  EXPECT_EQ(EventTypeName(events::v1::FOLLOWUP_DUE), "followup.due");
  EXPECT_EQ(EventTypeName(events::v1::EVENT_TYPE_UNSPECIFIED), "");
  EXPECT_EQ(EventTypeName(static_cast<EventType>(999)), "");
  EXPECT_EQ(ParseEventType("brief.nonsense"),
            events::v1::EVENT_TYPE_UNSPECIFIED);
  EXPECT_EQ(ParseEventType(""), events::v1::EVENT_TYPE_UNSPECIFIED);
}

// An outbox row written before the enums: field 2 held the type's name,
// RoundCompleted field 3 and ReviewTaskEvent field 6 the decisions' names.
TEST(EventTypesTest, EventsWrittenBeforeTheEnumsReadByTheirNames) {
  std::string round = Field(3, "APPROVE") + Field(3, "REJECT");
  std::string old_round =
      Field(1, "e1") + Field(2, "review.round_completed") + Field(12, round);
  Event e;
  ASSERT_TRUE(e.ParseFromString(old_round));
  EXPECT_EQ(e.type(), events::v1::EVENT_TYPE_UNSPECIFIED);
  EXPECT_EQ(TypeOf(e), events::v1::REVIEW_ROUND_COMPLETED);
  EXPECT_EQ(DecisionsOf(e.round_completed()),
            (std::vector<Decision>{APPROVE, REJECT}));

  std::string old_done = Field(1, "e2") + Field(2, "review.completed") +
                         Field(11, Field(6, "REQUEST_CHANGES"));
  ASSERT_TRUE(e.ParseFromString(old_done));
  EXPECT_EQ(TypeOf(e), events::v1::REVIEW_COMPLETED);
  EXPECT_EQ(DecisionOf(e.task()), REQUEST_CHANGES);

  // A name this build does not know is no type, not a wrong one.
  ASSERT_TRUE(e.ParseFromString(Field(2, "brief.from_the_future")));
  EXPECT_EQ(TypeOf(e), events::v1::EVENT_TYPE_UNSPECIFIED);
}

// What is written now carries the names too, so a receiver of the previous
// release reads it during an upgrade.
TEST(EventTypesTest, NewEventsCarryTheEnumsAndTheNames) {
  Event e = NewEvent(events::v1::REVIEW_ROUND_COMPLETED, "b1", "u1");
  AddDecision(e.mutable_round_completed(), REJECT);
  AddDecision(e.mutable_round_completed(), APPROVE);
  EXPECT_EQ(e.type(), events::v1::REVIEW_ROUND_COMPLETED);
  EXPECT_EQ(e.type_name(), "review.round_completed");
  EXPECT_EQ(DecisionsOf(e.round_completed()),
            (std::vector<Decision>{REJECT, APPROVE}));
  EXPECT_EQ(e.round_completed().decision_names(0), "REJECT");
  EXPECT_EQ(e.round_completed().decision_names(1), "APPROVE");

  events::v1::ReviewTaskEvent task;
  SetDecision(&task, APPROVE);
  EXPECT_EQ(task.decision(), APPROVE);
  EXPECT_EQ(task.decision_name(), "APPROVE");
  EXPECT_EQ(DecisionOf(task), APPROVE);
}

}  // namespace
}  // namespace briefdesk::outbox
