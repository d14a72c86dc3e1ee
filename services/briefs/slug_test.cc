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
  EXPECT_EQ(MakeSlug("Достойный труд"), "Достойный-труд");
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
}

}  // namespace
}  // namespace briefdesk::briefs
