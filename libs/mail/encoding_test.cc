#include "libs/mail/encoding.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace briefdesk::mail {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  return absl::StrSplit(s, "\r\n");
}

TEST(MailIsUtf8Test, AcceptsEveryScriptAndRefusesMalformedSequences) {
  EXPECT_TRUE(IsUtf8("Réunion مراجعة 简报 🎉"));
  EXPECT_TRUE(IsUtf8(""));
  EXPECT_FALSE(IsUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsUtf8("a\xFF"));
}

TEST(MailQuotedPrintableTest, EscapesEqualsAndEightBitAndTrailingWhitespace) {
  EXPECT_EQ(QuotedPrintable("a=b"), "a=3Db");
  EXPECT_EQ(QuotedPrintable("café"), "caf=C3=A9");
  EXPECT_EQ(QuotedPrintable("end \nnext\t\nlast "),
            "end=20\r\nnext=09\r\nlast=20");
  EXPECT_EQ(QuotedPrintable("in the middle\tstays"), "in the middle\tstays");
}

TEST(MailQuotedPrintableTest, LineBreaksBecomeCrlfAndLoneCrIsData) {
  EXPECT_EQ(QuotedPrintable("one\ntwo\r\nthree\n"), "one\r\ntwo\r\nthree\r\n");
  EXPECT_EQ(QuotedPrintable("a\rb"), "a=0Db");
  EXPECT_EQ(QuotedPrintable(".\n..\n"), ".\r\n..\r\n");  // SMTP's business
}

TEST(MailQuotedPrintableTest, SoftBreaksKeepLinesWithin76AndNeverSplitEscapes) {
  std::string text = std::string(200, 'x') + "\n" + std::string(100, '=') +
                     "\n" + std::string(76, 'y') + "\n" + std::string(77, 'z');
  for (int shift = 0; shift < 3; ++shift) {
    std::string qp = QuotedPrintable(std::string(shift, 'a') + text);
    for (const std::string& line : Lines(qp)) {
      EXPECT_LE(line.size(), 76u) << line;
      // An escape cut by a soft break would leave "=X=" or "==" at the end.
      size_t last_eq = line.rfind('=');
      if (last_eq != std::string::npos && last_eq + 1 != line.size()) {
        EXPECT_GE(line.size() - last_eq, 3u) << line;
      }
    }
  }
  // Exactly 76 fits without a soft break; 77 does not.
  EXPECT_EQ(QuotedPrintable(std::string(76, 'y')), std::string(76, 'y'));
  EXPECT_EQ(QuotedPrintable(std::string(77, 'z')),
            std::string(75, 'z') + "=\r\nzz");
}

TEST(MailEncodedWordsTest, WordsAreShortAndHoldWholeCharacters) {
  // Two-, three- and four-octet sequences, so every split point is tried.
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "é مراجعة 简报审核 🎉";
  std::vector<std::string> words = EncodedWords(subject);
  ASSERT_GT(words.size(), 5u);
  std::string joined;
  for (absl::string_view w : words) {
    EXPECT_LE(w.size(), 64u) << w;
    ASSERT_TRUE(absl::ConsumePrefix(&w, "=?UTF-8?B?")) << w;
    ASSERT_TRUE(absl::ConsumeSuffix(&w, "?=")) << w;
    std::string octets;
    ASSERT_TRUE(absl::Base64Unescape(w, &octets)) << w;
    EXPECT_TRUE(IsUtf8(octets)) << "a word splits a character: " << w;
    joined += octets;
  }
  EXPECT_EQ(joined, subject);
}

TEST(MailFoldHeaderTest, FoldsBeforeTheTokenThatWouldPass76) {
  std::vector<std::string> tokens(30, "word");
  std::string folded = FoldHeader("Subject", tokens);
  ASSERT_TRUE(absl::EndsWith(folded, "\r\n"));
  std::vector<std::string> lines = Lines(folded);
  EXPECT_GT(lines.size(), 2u);
  for (const std::string& line : lines) EXPECT_LE(line.size(), 76u) << line;
  std::string unfolded = absl::StrReplaceAll(folded, {{"\r\n ", " "}});
  EXPECT_EQ(unfolded, "Subject: " + absl::StrJoin(tokens, " ") + "\r\n");
}

}  // namespace
}  // namespace briefdesk::mail
