#include "services/briefs/brief_check.h"

#include <gtest/gtest.h>

namespace briefdesk::briefs {
namespace {

v1::Sections Complete() {
  v1::Sections s;
  s.set_summary("Extending unemployment insurance protects platform workers.");
  s.set_problem("Platform workers lack income protection.");
  s.set_evidence("Surveys show 60% of them had no income during lockdowns.");
  s.set_options("1. Voluntary schemes\n2. Mandatory coverage");
  s.set_recommendations(
      "- Extend unemployment insurance to platform workers.\n"
      "- Establish a contribution collection mechanism with platforms.\n");
  s.set_references(
      "- ILO (2021) World Employment and Social Outlook\n"
      "- OECD (2020)\n- World Bank (2019)\n");
  return s;
}

std::vector<std::string> Codes(
    const google::protobuf::RepeatedPtrField<v1::Finding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.code() + "@" + x.field());
  return out;
}

TEST(BriefCheckTest, CompleteBriefHasNoErrorsOrWarnings) {
  v1::CheckReport r = CheckBrief("Social protection for platform workers",
                                 Complete(), CheckThresholds{});
  EXPECT_EQ(r.errors_size(), 0) << r.DebugString();
  EXPECT_EQ(r.warnings_size(), 0) << r.DebugString();
  EXPECT_EQ(r.metrics().recommendations(), 2);
  EXPECT_EQ(r.metrics().recommendations_opening_with_action(), 2);
  EXPECT_EQ(r.metrics().references(), 3);
  EXPECT_EQ(r.metrics().summary_words(), 6);
}

TEST(BriefCheckTest, EmptyTitleAndRequiredSectionsAreErrors) {
  v1::Sections s = Complete();
  s.set_summary("  \n");
  s.clear_evidence();
  s.clear_options();
  v1::CheckReport r = CheckBrief(" ", s, CheckThresholds{});
  EXPECT_EQ(Codes(r.errors()),
            (std::vector<std::string>{"title_empty@title",
                                      "section_empty@sections.summary",
                                      "section_empty@sections.evidence"}));
  // An empty options section is only a warning.
  EXPECT_EQ(Codes(r.warnings()),
            (std::vector<std::string>{"section_empty@sections.options"}));
}

TEST(BriefCheckTest, WarningsCarryValueAndThreshold) {
  v1::Sections s = Complete();
  s.set_recommendations("- Workers should be protected.\n- Extend coverage.\n");
  s.set_references("- ILO (2021)");
  CheckThresholds t;
  t.summary_max_words = 3;
  v1::CheckReport r = CheckBrief("Title", s, t);
  EXPECT_EQ(r.errors_size(), 0);
  EXPECT_EQ(Codes(r.warnings()),
            (std::vector<std::string>{
                "summary_too_long@sections.summary",
                "recommendations_not_actionable@sections.recommendations",
                "too_few_references@sections.references"}));
  EXPECT_EQ(r.warnings(0).value(), 6);
  EXPECT_EQ(r.warnings(0).threshold(), 3);
  EXPECT_EQ(r.warnings(1).value(), 1);
}

TEST(BriefCheckTest, Helpers) {
  EXPECT_EQ(CountWords("Décent work — for all, 2030!"), 5);
  EXPECT_EQ(CountWords("社会保障 の 拡大"), 3);
  EXPECT_EQ(CountWords("«Travail décent» — pour tous…"), 4);
  EXPECT_EQ(SplitItems("1. One\n2) Two\n* Three").size(), 3u);
  EXPECT_EQ(SplitItems("First para\ncontinued.\n\nSecond.").size(), 2u);
  EXPECT_TRUE(OpensWithAction("**Extend** coverage"));
  EXPECT_FALSE(OpensWithAction("Coverage should be extended"));
  // Short plain sentences read easily; long polysyllabic ones do not.
  EXPECT_GT(FleschReadingEase("The cat sat. The dog ran. We ate."), 90);
  EXPECT_LT(FleschReadingEase("Institutionalization of multidimensional "
                              "intergovernmental coordination necessitates "
                              "comprehensive organizational transformation."),
            0);
}

}  // namespace
}  // namespace briefdesk::briefs
