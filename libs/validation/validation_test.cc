#include "libs/validation/validation.h"

#include <gtest/gtest.h>

#include "libs/rpc/rpc.h"

namespace briefdesk::validation {
namespace {

std::string FieldOf(const absl::Status& s) {
  auto d = rpc::DetailsOf(s);
  return d.details_size() > 0 ? d.details(0).field() : "";
}

TEST(ValidationTest, EmailAddressesPeopleTypeAreAccepted) {
  for (const char* ok : {"amina@example.org", "j.doe+ilo@mail.gov.bf",
                         " padded@example.org ", "名前@example.jp"}) {
    EXPECT_TRUE(ValidateEmail("email", ok).ok()) << ok;
  }
}

TEST(ValidationTest, MalformedAddressesNameTheField) {
  for (const char* bad :
       {"", "no-at-sign", "@example.org", "a@", "a@b@c", "a b@example.org",
        "a@example.org, b@example.org", "Name <a@example.org>"}) {
    absl::Status s = ValidateEmail("members[3].email", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldOf(s), "members[3].email") << bad;
  }
}

TEST(ValidationTest, CanonicalEmailIgnoresCaseAndSpace) {
  EXPECT_EQ(CanonicalEmail("  Amina.K@Example.ORG "), "amina.k@example.org");
}

TEST(ValidationTest, TextLimitsCountCharactersNotBytes) {
  EXPECT_TRUE(ValidateText("title", "Protección social", 1, 17).ok());
  EXPECT_FALSE(ValidateText("title", "Protección social!", 1, 17).ok());
  EXPECT_EQ(FieldOf(ValidateText("title", "  ", 1, 10)), "title");
  EXPECT_FALSE(ValidateText("title", "two\nlines", 0, 100).ok());
  EXPECT_TRUE(
      ValidateText("note", "two\nlines", 0, 100, text::Lines::kMany).ok());
}

TEST(ValidationTest, TopicsAreSlugs) {
  EXPECT_TRUE(ValidateTopic("topic", "social-protection").ok());
  EXPECT_FALSE(ValidateTopic("topic", "Social Protection").ok());
  EXPECT_FALSE(ValidateTopic("topic", std::string(65, 'a')).ok());
}

}  // namespace
}  // namespace briefdesk::validation
