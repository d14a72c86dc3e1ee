#include "services/notification/email_kinds.h"

#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"
#include "services/notification/email_sender.h"
#include "services/notification/preferences.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;
using std::chrono::milliseconds;

TEST(EmailKindsTest, EventsAreEmailedUnderTheirKind) {
  EXPECT_EQ(EmailKindOf(ev::BRIEF_CHANGES_REQUESTED), "reviews");
  EXPECT_EQ(EmailKindOf(ev::BRIEF_RETURNED), "reviews");
  EXPECT_EQ(EmailKindOf(ev::BRIEF_PUBLISHED), "publication");
  EXPECT_EQ(EmailKindOf(ev::BRIEF_RETRACTED), "publication");
  EXPECT_EQ(EmailKindOf(ev::FOLLOWUP_DUE), "followUps");
  EXPECT_EQ(EmailKindOf(ev::COURSE_FOLLOWUP_DUE), "followUps");
  EXPECT_EQ(EmailKindOf(ev::MILESTONE_DIGEST), "reminders");
  EXPECT_EQ(EmailKindOf(ev::INVITATION_SENT), "invitation");
  EXPECT_EQ(EmailKindOf(ev::BRIEF_SUBMITTED), "");
  EXPECT_EQ(EmailKindOf(ev::REVIEW_EXPIRED), "");
}

TEST(EmailKindsTest, ModesParseAndOthersNameTheField) {
  EXPECT_EQ(*ParseMode("email.reviews", "NONE"), v1::EmailPreferences::NONE);
  EXPECT_EQ(*ParseMode("email.reviews", "DAILY_DIGEST"),
            v1::EmailPreferences::DAILY_DIGEST);
  for (const char* bad : {"", "immediate", "WEEKLY", "MODE_UNSPECIFIED"}) {
    auto m = ParseMode("email.reviews", bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(rpc::DetailsOf(m.status()).details(0).field(), "email.reviews");
  }
}

TEST(EmailKindsTest, AChangeKeepsOnlyTheKindsGivenAndNamesABadOne) {
  v1::EmailPreferencesChange c;
  c.set_follow_ups("NONE");
  auto parsed = ParseChange(c);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].first, "followUps");
  EXPECT_EQ((*parsed)[0].second, "NONE");
  c.set_publication("SOMETIMES");
  auto bad = ParseChange(c);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(rpc::DetailsOf(bad.status()).details(0).field(),
            "email.publication");
}

TEST(EmailKindsTest, BackoffDoublesFromThirtySecondsUpToAnHour) {
  milliseconds base(30000), max(3600000);
  EXPECT_EQ(EmailBackoff(1, base, max), milliseconds(30000));
  EXPECT_EQ(EmailBackoff(2, base, max), milliseconds(60000));
  EXPECT_EQ(EmailBackoff(5, base, max), milliseconds(480000));
  EXPECT_EQ(EmailBackoff(8, base, max), milliseconds(3600000));
  EXPECT_EQ(EmailBackoff(50, base, max), milliseconds(3600000));
}

TEST(EmailKindsTest, UnavailableRetriesUntilTheWindowThenFails) {
  EmailConfig config;
  clock::Time created = clock::Time() + std::chrono::hours(1000);
  auto later = [&](std::chrono::seconds s) { return created + s; };
  EmailNext sent = NextEmailState(absl::OkStatus(), 1, created,
                                  later(std::chrono::seconds(1)), config);
  EXPECT_EQ(sent.state, "SENT");
  EmailNext retry = NextEmailState(absl::UnavailableError("down"), 2, created,
                                   later(std::chrono::seconds(60)), config);
  EXPECT_EQ(retry.state, "PENDING");
  EXPECT_EQ(retry.next, later(std::chrono::seconds(120)));
  EmailNext late = NextEmailState(
      absl::UnavailableError("down"), 30, created,
      later(std::chrono::hours(23) + std::chrono::minutes(30)), config);
  EXPECT_EQ(late.state, "FAILED");
  EmailNext refused =
      NextEmailState(absl::FailedPreconditionError("550 no such user"), 1,
                     created, later(std::chrono::seconds(1)), config);
  EXPECT_EQ(refused.state, "FAILED");
}

TEST(EmailKindsTest, UnsubscribeTokensNameTheirPersonAndKindAndResistChange) {
  std::string token = UnsubscribeToken("key-1", "user-7", "reviews");
  auto named = ReadUnsubscribeToken("key-1", token);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->first, "user-7");
  EXPECT_EQ(named->second, "reviews");
  EXPECT_FALSE(ReadUnsubscribeToken("key-2", token).ok());
  std::string other = token;
  other.replace(other.find("reviews"), 7, "reminde");
  EXPECT_FALSE(ReadUnsubscribeToken("key-1", other).ok());
  EXPECT_FALSE(ReadUnsubscribeToken("key-1", "garbage").ok());
  // A signed token of no preference kind is refused too.
  EXPECT_FALSE(
      ReadUnsubscribeToken("key-1", UnsubscribeToken("key-1", "u", "x")).ok());
}

}  // namespace
}  // namespace briefdesk::notification
