#include "services/briefs/brief_diff.h"

#include <gtest/gtest.h>

namespace briefdesk::briefs {
namespace {

TEST(BriefDiffTest, UnchangedFieldHasNoDiff) {
  v1::FieldDiff d = DiffField("summary", "a\nb\n", "a\nb\n");
  EXPECT_FALSE(d.changed());
  EXPECT_TRUE(d.unified().empty());
}

TEST(BriefDiffTest, UnifiedHunkWithCounts) {
  v1::FieldDiff d =
      DiffField("summary", "one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
  EXPECT_TRUE(d.changed());
  EXPECT_EQ(d.added_lines(), 2);
  EXPECT_EQ(d.removed_lines(), 1);
  EXPECT_EQ(d.unified(), "@@ -1,3 +1,4 @@\n one\n-two\n+2\n three\n+four\n");
}

TEST(BriefDiffTest, FromEmptyAndUnicode) {
  v1::FieldDiff d = DiffField("title", "", "Протокол № 1");
  EXPECT_EQ(d.added_lines(), 1);
  EXPECT_NE(d.unified().find("+Протокол № 1"), std::string::npos);
}

TEST(BriefDiffTest, RevisionsDiffEveryFieldInOrder) {
  v1::Revision a, b;
  a.set_number(1);
  b.set_number(3);
  a.set_title("T");
  b.set_title("T");
  b.mutable_sections()->set_evidence("new");
  v1::Diff d = DiffRevisions(a, b);
  ASSERT_EQ(d.fields_size(), 8);
  EXPECT_EQ(d.from(), 1);
  EXPECT_EQ(d.to(), 3);
  EXPECT_EQ(d.fields(0).field(), "title");
  EXPECT_FALSE(d.fields(0).changed());
  EXPECT_EQ(d.fields(4).field(), "evidence");
  EXPECT_TRUE(d.fields(4).changed());
}

}  // namespace
}  // namespace briefdesk::briefs
