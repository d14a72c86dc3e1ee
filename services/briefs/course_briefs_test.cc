// When a course brief met each module, without I/O.
#include "services/briefs/course_briefs.h"

#include <gtest/gtest.h>

namespace briefdesk::briefs {
namespace {

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp t;
  t.set_seconds(seconds);
  return t;
}

TEST(CourseBriefsTest, SectionsAreBitsInTheBriefsOrder) {
  auto bits = SectionBits({"summary", "evidence", "references"}, "m");
  ASSERT_TRUE(bits.ok());
  EXPECT_EQ(*bits, 1u | 4u | 32u);
  auto bad = SectionBits({"problem", "conclusion"}, "modules[2].sections");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("conclusion"), std::string::npos);
}

TEST(CourseBriefsTest, AModuleIsMetByTheFirstRevisionWithAllItsSections) {
  // Revision 1: problem; 2: problem and evidence; 3: evidence only (the
  // problem emptied); 4: both again.
  std::vector<FilledRevision> revisions = {
      {At(100), 2}, {At(200), 2 | 4}, {At(300), 4}, {At(400), 2 | 4}};
  auto met = FirstMet(revisions, {2, 2 | 4, 8, 0});
  ASSERT_EQ(met.size(), 4u);
  EXPECT_EQ(met[0]->seconds(), 100);
  EXPECT_EQ(met[1]->seconds(), 200);
  EXPECT_FALSE(met[2].has_value());   // options never written
  EXPECT_EQ(met[3]->seconds(), 100);  // a module expecting nothing
}

}  // namespace
}  // namespace briefdesk::briefs
