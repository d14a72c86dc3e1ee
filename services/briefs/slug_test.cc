#include "services/briefs/slug.h"

#include <gtest/gtest.h>

namespace briefdesk::briefs {
namespace {

TEST(SlugTest, ReadableFromTitles) {
  EXPECT_EQ(MakeSlug("Social protection for platform workers"),
            "social-protection-for-platform-workers");
  EXPECT_EQ(MakeSlug("  Protección social: ¿qué hacer?  "),
            "proteccion-social-que-hacer");
  EXPECT_EQ(MakeSlug("Égalité des chances — 2030"), "egalite-des-chances-2030");
  EXPECT_EQ(MakeSlug("Łódź & Kraków"), "lodz-krakow");
  EXPECT_EQ(MakeSlug("Straße"), "strasse");
  EXPECT_EQ(MakeSlug("Šťastný Ĵerzy Ňoťa Źdźbło Ūla"),
            "stastny-jerzy-nota-zdzblo-ula");
  EXPECT_EQ(MakeSlug("<script>alert(1)</script>"), "script-alert-1-script");
}

TEST(SlugTest, OtherScriptsAreKept) {
  EXPECT_EQ(MakeSlug("العمل اللائق"), "العمل-اللائق");
  EXPECT_EQ(MakeSlug("体面劳动，人人有份"), "体面劳动-人人有份");
  EXPECT_EQ(MakeSlug("Достойный труд"), "достойный-труд");
}

TEST(SlugTest, EveryScriptIsLowerCased) {
  EXPECT_EQ(MakeSlug("ЗАЩИТА РАБОТНИКОВ Платформ"),
            "защита-работников-платформ");
  // "й" keeps its breve: only Latin letters lose their marks.
  EXPECT_EQ(MakeSlug("Новый Закон"), "новый-закон");
  // Greek keeps its accents; a final capital sigma becomes ς.
  EXPECT_EQ(MakeSlug("ΑΞΙΟΠΡΕΠΗΣ Εργασία για ΟΛΟΥΣ"),
            "αξιοπρεπης-εργασία-για-ολους");
  EXPECT_EQ(MakeSlug("Ἀξιοπρεπὴς"), "ἀξιοπρεπὴς");
}

TEST(SlugTest, TurkishIsTheSameOnEveryServer) {
  // The root locale: İ is i with a dot (the dot goes with the accents), I
  // is i, and the dotless ı is spelled i, whatever the server's locale.
  EXPECT_EQ(MakeSlug("İSTANBUL ve IĞDIR"), "istanbul-ve-igdir");
  EXPECT_EQ(MakeSlug("Kadın işçiler"), "kadin-isciler");
}

TEST(SlugTest, LatinLettersAreSpelledInAscii) {
  EXPECT_EQ(MakeSlug("Người lao động được bảo vệ: ư ơ ạ"),
            "nguoi-lao-dong-duoc-bao-ve-u-o-a");
  EXPECT_EQ(MakeSlug("GROẞE Straße"), "grosse-strasse");
  EXPECT_EQ(MakeSlug("Ærø Øresund Þórshöfn"), "aero-oresund-thorshofn");
  // Decomposed input folds like composed input.
  EXPECT_EQ(MakeSlug("Prote\u0301ccio\u0301n"), "proteccion");
}

TEST(SlugTest, CombiningMarksStayInTheirWords) {
  // Devanagari vowel signs and virama are marks: the words stay whole.
  EXPECT_EQ(MakeSlug("सभ्य काम, सबके लिए"), "सभ्य-काम-सबके-लिए");
  EXPECT_EQ(MakeSlug("हिन्दी"), "हिन्दी");
  // Arabic with its vowel marks.
  EXPECT_EQ(MakeSlug("العَمَل اللائق"), "العَمَل-اللائق");
}

TEST(SlugTest, EmptyAndLong) {
  EXPECT_EQ(MakeSlug(""), "brief");
  EXPECT_EQ(MakeSlug("!!!"), "brief");
  std::string longest =
      MakeSlug(std::string(30, 'a') + " " + std::string(30, 'b') + " " +
               std::string(30, 'c'));
  EXPECT_LE(longest.size(), 80u);
  EXPECT_EQ(longest, std::string(30, 'a') + "-" + std::string(30, 'b'));
  std::string cyrillic =
      MakeSlug(std::string(60, ' ') + "Ж" + std::string(100, 'x'));
  EXPECT_LE(cyrillic.size(), 80u);
  EXPECT_EQ(cyrillic, "ж" + std::string(78, 'x'));
}

TEST(SlugTest, LongTitlesAreCutBetweenWordsOrGraphemes) {
  std::string title =
      "Extending social protection to workers in the platform economy: "
      "evidence from twelve countries and options for governments";
  std::string slug = MakeSlug(title);
  EXPECT_EQ(slug,
            "extending-social-protection-to-workers-in-the-platform-economy-"
            "evidence-from");
  EXPECT_LE(slug.size(), 80u);
  // Cut inside a word only between graphemes: never half of "ि" + "क".
  std::string hindi;
  for (int i = 0; i < 20; ++i) hindi += "कि";  // 6 bytes a grapheme
  std::string cut = MakeSlug(hindi);
  EXPECT_EQ(cut.size(), 78u);
  EXPECT_EQ(cut, hindi.substr(0, 78));
  // Each Cyrillic letter is two bytes: 40 of them fill the 80.
  std::string cyrillic;
  for (int i = 0; i < 50; ++i) cyrillic += "Д";
  std::string lower;
  for (int i = 0; i < 40; ++i) lower += "д";
  EXPECT_EQ(MakeSlug(cyrillic), lower);
}

}  // namespace
}  // namespace briefdesk::briefs
