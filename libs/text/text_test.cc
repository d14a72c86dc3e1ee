#include "libs/text/text.h"

#include <gtest/gtest.h>

namespace briefdesk::text {
namespace {

TEST(ProblemTest, AcceptsTextTabsAndNewlinesInEveryScript) {
  EXPECT_EQ(Problem("Protección social\tpara todos\n", Lines::kMany),
            std::nullopt);
  EXPECT_EQ(Problem("Защита работников", Lines::kOne), std::nullopt);
  EXPECT_EQ(Problem("العمل اللائق 労働", Lines::kOne), std::nullopt);
  EXPECT_EQ(Problem("", Lines::kOne), std::nullopt);
}

TEST(ProblemTest, RefusesEveryControlCharacterButTabAndNewline) {
  for (int c = 0; c < 0x20; ++c) {
    if (c == '\t' || c == '\n') continue;
    std::string s = "a";
    s += static_cast<char>(c);
    auto p = Problem(s, Lines::kMany);
    ASSERT_TRUE(p.has_value()) << c;
    EXPECT_NE(p->find("control character"), std::string::npos) << *p;
  }
  EXPECT_NE(Problem("a\x7f", Lines::kMany), std::nullopt);          // DEL
  EXPECT_NE(Problem("a\xc2\x85", Lines::kMany), std::nullopt);      // NEL (C1)
  EXPECT_NE(Problem("a\xef\xbf\xbf", Lines::kMany), std::nullopt);  // U+FFFF
  EXPECT_EQ(*Problem(std::string("NUL \0 title", 11), Lines::kOne),
            "contains the control character U+0000 at character 5; only tab "
            "and newline are allowed");
}

TEST(ProblemTest, BareCarriageReturnIsRefused) {
  auto p = Problem("line one\rline two", Lines::kMany);
  ASSERT_TRUE(p.has_value());
  EXPECT_NE(p->find("U+000D"), std::string::npos) << *p;
}

TEST(ProblemTest, OneLineRefusesLineBreaks) {
  EXPECT_NE(Problem("a\nb", Lines::kOne), std::nullopt);
  EXPECT_NE(Problem("a\xe2\x80\xa8"
                    "b",
                    Lines::kOne),
            std::nullopt);  // U+2028
  EXPECT_EQ(Problem("a\nb", Lines::kMany), std::nullopt);
}

TEST(ProblemTest, RefusesInvalidUtf8) {
  EXPECT_NE(Problem("\xff", Lines::kOne), std::nullopt);
  EXPECT_NE(Problem("\xc0\xaf", Lines::kOne), std::nullopt);  // overlong '/'
  EXPECT_NE(Problem("\xed\xa0\x80", Lines::kOne), std::nullopt);  // surrogate
  EXPECT_NE(Problem("ab\xe2\x82", Lines::kOne), std::nullopt);    // cut short
  EXPECT_FALSE(IsUtf8("%\xff"));
  EXPECT_TRUE(IsUtf8("café"));
}

TEST(NfcTest, ComposesDecomposedText) {
  // "e" + COMBINING ACUTE ACCENT becomes "é".
  EXPECT_EQ(Nfc("Prote\xcc\x81"
                "ccio\xcc\x81n"),
            "Protécción");
  EXPECT_EQ(Nfc("already composed: é"), "already composed: é");
  EXPECT_EQ(Nfc("ascii"), "ascii");
  // Hangul jamo compose into a syllable.
  EXPECT_EQ(Nfc("\xe1\x84\x80\xe1\x85\xa1"), "\xea\xb0\x80");
}

TEST(CodePointsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CodePoints("añ労"), 3u);
}

TEST(XmlSafeTest, ReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(XmlSafe("a\x01"
                    "b"),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(XmlSafe("ok\r\n\ttab"), "ok\r\n\ttab");
  EXPECT_EQ(XmlSafe("bad \xff byte"), "bad \xef\xbf\xbd byte");
  EXPECT_EQ(XmlSafe("\xef\xbf\xbe"), "\xef\xbf\xbd");
  EXPECT_EQ(XmlSafe("Защита"), "Защита");
}

TEST(OneLineTest, JoinsLinesWithOneSpace) {
  EXPECT_EQ(OneLine("Title\n# Injected\r\nheading"),
            "Title # Injected heading");
  EXPECT_EQ(OneLine("plain"), "plain");
}

}  // namespace
}  // namespace briefdesk::text
