// The readability formulas against values worked out by hand from each
// formula's definition (docs/brief-check.md), and ICU's words and
// sentences in several scripts.
#include "services/briefs/readability.h"

#include <gtest/gtest.h>

namespace briefdesk::briefs {
namespace {

TEST(ReadabilityTest, EnglishIsFleschReadingEase) {
  // 9 words, 2 sentences, 10 syllables (hap-py):
  // 206.835 - 1.015 * 9/2 - 84.6 * 10/9 = 108.2675.
  Readability r = Measure("The cat sat on the mat. It was happy.", "en-GB");
  EXPECT_EQ(r.language, "en");
  EXPECT_EQ(r.words, 9);
  EXPECT_EQ(r.sentences, 2);
  EXPECT_EQ(r.syllables, 10);
  ASSERT_TRUE(r.score.has_value());
  EXPECT_DOUBLE_EQ(*r.score, 108.3);
  ASSERT_TRUE(r.formula.has_value());
  EXPECT_EQ(r.formula->name, "Flesch reading ease");
  EXPECT_EQ(r.formula->very_difficult_below, 30);
}

TEST(ReadabilityTest, FrenchIsKandelMoles) {
  // 6 words, 2 sentences, 7 syllables (con-tent):
  // 207 - 1.015 * 6/2 - 73.6 * 7/6 = 118.0883.
  Readability r = Measure("Le chat dort. Il est content.", "fr-SN");
  EXPECT_EQ(r.language, "fr");
  EXPECT_EQ(r.words, 6);
  EXPECT_EQ(r.sentences, 2);
  EXPECT_EQ(r.syllables, 7);
  EXPECT_DOUBLE_EQ(*r.score, 118.1);
  EXPECT_EQ(r.formula->name, "Kandel-Moles");
}

TEST(ReadabilityTest, SpanishIsSzigrisztPazos) {
  // 7 words, 2 sentences, 11 syllables (pe-rro co-me ca-sa gran-de):
  // 206.835 - 62.3 * 11/7 - 7/2 = 105.435.
  Readability r = Measure("El perro come. La casa es grande.", "es-419");
  EXPECT_EQ(r.language, "es");
  EXPECT_EQ(r.words, 7);
  EXPECT_EQ(r.sentences, 2);
  EXPECT_EQ(r.syllables, 11);
  EXPECT_DOUBLE_EQ(*r.score, 105.4);
  EXPECT_EQ(r.formula->name, "Szigriszt-Pazos (INFLESZ)");
  EXPECT_EQ(r.formula->very_difficult_below, 40);
}

TEST(ReadabilityTest, HardTextScoresLowerThanPlainText) {
  const char* hard =
      "The institutionalization of multidimensional socioeconomic "
      "considerations necessitates comprehensive intergovernmental "
      "coordination mechanisms notwithstanding administrative "
      "particularities.";
  EXPECT_LT(*Measure(hard, "en").score, 0);
  EXPECT_LT(*Measure("La institucionalización de consideraciones "
                     "socioeconómicas multidimensionales requiere "
                     "mecanismos intergubernamentales.",
                     "es")
                 .score,
            40);
}

TEST(ReadabilityTest, SyllablesFollowEachLanguage) {
  EXPECT_EQ(Syllables("make", "en"), 1);
  EXPECT_EQ(Syllables("policy", "en"), 3);
  EXPECT_EQ(Syllables("grande", "fr"), 1);  // the final e is silent
  EXPECT_EQ(Syllables("travailleurs", "fr"), 3);
  EXPECT_EQ(Syllables("décent", "fr"), 2);
  EXPECT_EQ(Syllables("poeta", "es"), 3);  // a hiatus: po-e-ta
  EXPECT_EQ(Syllables("aire", "es"), 2);   // a diphthong: ai-re
  EXPECT_EQ(Syllables("país", "es"), 2);   // a stressed weak vowel: pa-ís
  EXPECT_EQ(Syllables("ciudad", "es"), 2);
}

TEST(ReadabilityTest, WordsAndSentencesInAnyScript) {
  // Japanese has no spaces: ICU's dictionary finds the words.
  Readability ja = Measure("これはペンです。あれは本です。", "ja");
  EXPECT_EQ(ja.sentences, 2);
  EXPECT_GE(ja.words, 6);
  EXPECT_FALSE(ja.score.has_value()) << "readability not scored for ja";
  EXPECT_FALSE(ja.formula.has_value());
  Readability ar = Measure("هذا كتاب. ذلك قلم.", "ar");
  EXPECT_EQ(ar.words, 4);
  EXPECT_EQ(ar.sentences, 2);
  EXPECT_FALSE(ar.score.has_value());
  EXPECT_EQ(CountWords("Décent work — for all, 2030!", "en"), 5);
  EXPECT_EQ(CountWords("«Travail décent» — pour tous…", "fr"), 4);
  EXPECT_EQ(CountWords("社会保障の拡大", "zh"),
            CountWords("社会保障 の 拡大", "zh"));
  EXPECT_EQ(CountWords("Социальная защита для всех.", "ru"), 4);
  // Markdown's marks are not words, and a heading alone is no sentence.
  Readability md = Measure("## Options\n\n- **Extend** cover.", "en");
  EXPECT_EQ(md.words, 3);
}

TEST(ReadabilityTest, EmptyOrUnknownLanguage) {
  Readability none = Measure("", "en");
  EXPECT_EQ(none.words, 0);
  EXPECT_FALSE(none.score.has_value());
  EXPECT_EQ(Measure("Two words.", "").language, "und");
  EXPECT_EQ(Measure("Two words.", "not a tag!").language, "und");
  EXPECT_EQ(Measure("Two words.", "").words, 2);
}

}  // namespace
}  // namespace briefdesk::briefs
