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
                                 Complete(), "en", CheckThresholds{});
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
  v1::CheckReport r = CheckBrief(" ", s, "en", CheckThresholds{});
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
  v1::CheckReport r = CheckBrief("Title", s, "en", t);
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
  EXPECT_EQ(SplitItems("1. One\n2) Two\n* Three").size(), 3u);
  EXPECT_EQ(SplitItems("First para\ncontinued.\n\nSecond.").size(), 2u);
  EXPECT_EQ(OpensWithAction("**Extend** coverage", "en"), true);
  EXPECT_EQ(OpensWithAction("Coverage should be extended", "en"), false);
  EXPECT_EQ(OpensWithAction("**Étendre** la protection", "fr-SN"), true);
  EXPECT_EQ(OpensWithAction("La protection sera étendue", "fr"), false);
  EXPECT_EQ(OpensWithAction("Ampliar la cobertura", "es"), true);
  EXPECT_EQ(OpensWithAction("La cobertura debe ampliarse", "es"), false);
  EXPECT_EQ(OpensWithAction("社会保障を拡大する", "ja"), std::nullopt);
}

// The check measures in the brief's language: its formula and threshold,
// its words and sentences; a language without a formula says so.
TEST(BriefCheckTest, MeasuresInTheBriefsLanguage) {
  v1::Sections s = Complete();
  v1::CheckReport en = CheckBrief("Title", s, "en", CheckThresholds{});
  EXPECT_EQ(en.metrics().language(), "en");
  EXPECT_EQ(en.metrics().formula(), "Flesch reading ease");
  EXPECT_GT(en.metrics().sentences(), 0);
  s.set_summary(
      "Étendre la protection sociale aux travailleurs des "
      "plateformes. Les cotisations suivent le revenu.");
  s.set_recommendations(
      "- Étendre l'assurance chômage.\n- Adoptez un "
      "registre unique.\n");
  v1::CheckReport fr = CheckBrief("Titre", s, "fr-SN", CheckThresholds{});
  EXPECT_EQ(fr.metrics().language(), "fr");
  EXPECT_EQ(fr.metrics().formula(), "Kandel-Moles");
  EXPECT_EQ(fr.metrics().recommendations_opening_with_action(), 2);
  v1::CheckReport es = CheckBrief("Título", s, "es-419", CheckThresholds{});
  EXPECT_EQ(es.metrics().formula(), "Szigriszt-Pazos (INFLESZ)");
  v1::CheckReport ja = CheckBrief("題", s, "ja", CheckThresholds{});
  EXPECT_EQ(ja.metrics().formula(), "");
  EXPECT_EQ(ja.metrics().readability(), 0);
  EXPECT_EQ(ja.metrics().readability_note(),
            "Readability is not scored for this language (ja): words and "
            "sentences are counted.");
  for (const auto& w : ja.warnings()) {
    EXPECT_NE(w.code(), "recommendations_not_actionable") << "not judged";
    EXPECT_NE(w.code(), "hard_to_read");
  }
}

// A hard text is judged against its language's threshold: INFLESZ 40 for
// Spanish, where 35 is "very difficult" but would pass Flesch's 30.
TEST(BriefCheckTest, HardToReadUsesTheLanguagesThreshold) {
  CheckThresholds t;
  t.readability_min_words = 5;
  v1::Sections s = Complete();
  std::string hard;
  for (int i = 0; i < 8; ++i) {
    hard +=
        "La institucionalización de consideraciones socioeconómicas "
        "multidimensionales requiere mecanismos intergubernamentales. ";
  }
  s.set_evidence(hard);
  v1::CheckReport es = CheckBrief("Título", s, "es", t);
  bool warned = false;
  for (const auto& w : es.warnings()) {
    if (w.code() != "hard_to_read") continue;
    warned = true;
    EXPECT_EQ(w.threshold(), 40);
    EXPECT_NE(w.message().find("Szigriszt-Pazos"), std::string::npos);
  }
  EXPECT_TRUE(warned) << es.DebugString();
}

}  // namespace
}  // namespace briefdesk::briefs
