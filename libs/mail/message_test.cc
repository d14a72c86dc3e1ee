#include "libs/mail/message.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "tests/harness/smtp.h"

namespace briefdesk::mail {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::ParseMail;

std::string Crlf(const std::string& s) {
  return absl::StrReplaceAll(s, {{"\r\n", "\n"}, {"\n", "\r\n"}});
}

// Lines SMTP and quoted-printable make special, in every script.
std::string Body(const std::string& words) {
  return words + "\n" +
         ".a line that starts with a dot\n"
         ".\n"
         "..\n"
         "trailing space \n"
         "trailing tab\t\n"
         "equals = sign and =3D and =\n"
         "--=_not-a-boundary\n"
         "From the start of a line\n" +
         std::string(1000, 'x') + "\n" + words + words + words + words + words +
         "\n" + "no line break at the end";
}

Message Sample() {
  return Message{
      .from = {.email = "briefdesk@example.org", .name = "BriefDesk"},
      .to = {.email = "ana@example.com", .name = "Ana Lopez"},
      .subject = "Brief approved",
      .text = Body("Your brief was approved."),
      .html =
          "<p>Your brief was <b>approved</b>.</p>\n" + Body("<i>approved</i>"),
      .headers = {{"List-Unsubscribe", "<https://briefdesk.example/u/1>"}},
      .message_id = "<fixed-id@example.org>",
      .date = std::chrono::sys_days{std::chrono::year{2025} /
                                    std::chrono::July / 1} +
              hours(9) + minutes(5) + seconds(3),
      .language = "en",
  };
}

std::string MustRender(const Message& m) {
  absl::StatusOr<std::string> raw = Render(m);
  EXPECT_TRUE(raw.ok()) << raw.status();
  return raw.value_or("");
}

// CRLF only, header lines folded to 76, body lines soft-broken to 76 (so
// far below RFC 5322's 998).
void ExpectWellFormed(const std::string& raw) {
  ASSERT_TRUE(absl::EndsWith(raw, "\r\n"));
  std::string lf_only = absl::StrReplaceAll(raw, {{"\r\n", ""}});
  EXPECT_EQ(lf_only.find_first_of("\r\n"), std::string::npos)
      << "a bare CR or LF";
  bool in_header = true;
  for (absl::string_view line : absl::StrSplit(raw, "\r\n")) {
    if (line.empty()) in_header = false;
    EXPECT_LE(line.size(), 76u) << (in_header ? "header: " : "body: ") << line;
  }
}

TEST(MailRenderTest, WritesTheHeadersInOrder) {
  std::string raw = MustRender(Sample());
  ExpectWellFormed(raw);
  EXPECT_TRUE(absl::StartsWith(
      raw,
      "From: BriefDesk <briefdesk@example.org>\r\n"
      "To: Ana Lopez <ana@example.com>\r\n"
      "Subject: Brief approved\r\n"
      "Date: Tue, 01 Jul 2025 09:05:03 +0000\r\n"
      "Message-ID: <fixed-id@example.org>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Language: en\r\n"
      "List-Unsubscribe: <https://briefdesk.example/u/1>\r\n"
      "Content-Type: multipart/alternative;\r\n boundary=\"=_"))
      << raw;
}

// What a mail reader shows is what was rendered: Python's email package
// reads every header and both bodies back, octet for octet, and finds no
// defect.
void ExpectRoundTrip(const Message& m) {
  std::string raw = MustRender(m);
  ExpectWellFormed(raw);
  testing::ParsedMail p = ParseMail(raw);
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.defects, 0) << raw;
  EXPECT_EQ(p.Header("Subject"), m.subject);
  EXPECT_EQ(p.from_name_rfc2047, m.from.name);
  EXPECT_EQ(p.from_email, m.from.email);
  EXPECT_EQ(p.to_name_rfc2047, m.to.name);
  EXPECT_EQ(p.to_email, m.to.email);
  // Python's own reading agrees whenever one encoded-word holds the name.
  if (m.from.name.size() <= 39) {
    EXPECT_EQ(p.from_name, m.from.name);
  }
  if (m.to.name.size() <= 39) {
    EXPECT_EQ(p.to_name, m.to.name);
  }
  EXPECT_EQ(p.Header("Content-Language"), m.language);
  EXPECT_EQ(p.content_type, "multipart/alternative");
  ASSERT_EQ(p.parts.size(), 2u);
  EXPECT_EQ(p.parts[0].content_type, "text/plain");
  EXPECT_EQ(p.parts[1].content_type, "text/html");
  for (const auto& part : p.parts) {
    EXPECT_EQ(part.charset, "utf-8");
    EXPECT_EQ(part.transfer_encoding, "quoted-printable");
  }
  EXPECT_EQ(p.parts[0].body, Crlf(m.text));
  EXPECT_EQ(p.parts[1].body, Crlf(m.html));
  EXPECT_EQ(p.parts[0].text, Crlf(m.text));
}

TEST(MailRenderTest, PythonReadsBackAsciiMessage) { ExpectRoundTrip(Sample()); }

TEST(MailRenderTest, PythonReadsBackArabic) {
  Message m = Sample();
  m.subject = "تمت الموافقة على الموجز: خطة الربع الثالث";
  m.to = {.email = "m.abdullah@example.com", .name = "محمد عبد الله"};
  m.text = Body("تمت الموافقة على موجزك. شكراً لك!");
  m.html = "<p dir=\"rtl\">" + Body("تمت <b>الموافقة</b>") + "</p>";
  m.language = "ar";
  ExpectRoundTrip(m);
}

TEST(MailRenderTest, PythonReadsBackChinese) {
  Message m = Sample();
  m.subject = "您的简报《第三季度计划》已通过审核";
  m.from.name = "简报台 BriefDesk";
  m.to = {.email = "wang@example.cn", .name = "王小明"};
  m.text = Body("您的简报已通过审核。");
  m.html = Body("<p>您的简报已<b>通过</b>审核。</p>");
  m.language = "zh-Hans";
  ExpectRoundTrip(m);
}

TEST(MailRenderTest, PythonReadsBackAccentsAndEmoji) {
  Message m = Sample();
  m.subject = "Réunion à 14h — café offert 🎉, n'oubliez pas l'ordre du jour";
  m.to = {.email = "zoe@example.fr", .name = "Zoë Ångström-Müller"};
  m.text = Body("Ça a été approuvé — à bientôt 👋");
  m.html = Body("<p>Ça a été <em>approuvé</em></p>");
  m.language = "fr-CA";
  ExpectRoundTrip(m);
}

TEST(MailRenderTest, LongSubjectsAndNamesFoldAndComeBackWhole) {
  Message m = Sample();
  std::string words;
  for (int i = 0; i < 40; ++i) words += "review " + std::to_string(i) + " ";
  m.subject = words + "done";  // ASCII: folded at its spaces
  m.from.name = std::string(120, 'n') + " " + std::string(50, 'm');
  ExpectRoundTrip(m);
  EXPECT_TRUE(absl::StrContains(MustRender(m), "Subject: review 0 review"));
  std::string chinese;
  for (int i = 0; i < 30; ++i) chinese += "第三季度计划审核";
  m.subject = chinese;  // 720 octets: nineteen encoded-words
  m.to.name = chinese.substr(0, 90);
  ExpectRoundTrip(m);
  m.subject = std::string(1500, 's');  // a word no fold can shorten
  ExpectRoundTrip(m);
}

TEST(MailRenderTest, SubjectsThatLookEncodedOrHaveEdgeSpacesArriveAsWritten) {
  Message m = Sample();
  for (std::string subject :
       {"=?UTF-8?B?SGk=?= is not an encoded word", "  two  spaces  ",
        "tab\there", "", "\"quoted\" (comment) <angle> a@b;c"}) {
    SCOPED_TRACE(subject);
    m.subject = subject;
    ExpectRoundTrip(m);
  }
}

TEST(MailRenderTest, DisplayNamesWithSpecialsAreQuoted) {
  Message m = Sample();
  m.to.name = "Doe, Jane \"JD\" (Ops) \\ <x>";
  std::string raw = MustRender(m);
  EXPECT_TRUE(absl::StrContains(
      raw, "To: \"Doe, Jane \\\"JD\\\" (Ops) \\\\ <x>\" <ana@example.com>\r\n"))
      << raw;
  ExpectRoundTrip(m);
  m.to.name = "Dr. O'Brien";
  EXPECT_TRUE(absl::StrContains(MustRender(m),
                                "To: \"Dr. O'Brien\" <ana@example.com>\r\n"));
  ExpectRoundTrip(m);
  m.to.name = "";
  EXPECT_TRUE(absl::StrContains(MustRender(m), "To: ana@example.com\r\n"));
}

TEST(MailRenderTest, DateIsRfc5322InUtc) {
  testing::ParsedMail p = ParseMail(MustRender(Sample()));
  EXPECT_EQ(p.Header("Date"), "Tue, 01 Jul 2025 09:05:03 +0000");
  EXPECT_EQ(p.date_iso, "2025-07-01T09:05:03+00:00");
  Message now = Sample();
  now.date = {};  // the epoch: Render uses the current time
  std::string raw = MustRender(now);
  EXPECT_FALSE(absl::StrContains(raw, "1970")) << raw;
}

TEST(MailRenderTest, GeneratesAUniqueMessageIdOnTheSendersDomain) {
  Message m = Sample();
  m.message_id = "";
  std::regex id("\r\nMessage-ID: (<[0-9a-f]{32}@example\\.org>)\r\n");
  std::smatch first, second;
  std::string a = MustRender(m), b = MustRender(m);
  ASSERT_TRUE(std::regex_search(a, first, id)) << a;
  ASSERT_TRUE(std::regex_search(b, second, id)) << b;
  EXPECT_NE(first[1].str(), second[1].str());
  EXPECT_EQ(ParseMail(a).Header("Message-ID"), first[1].str());
}

TEST(MailRenderTest, BoundaryIsRandomAndNotInTheBodies) {
  std::regex boundary("boundary=\"([^\"]+)\"");
  std::smatch first, second;
  std::string a = MustRender(Sample()), b = MustRender(Sample());
  ASSERT_TRUE(std::regex_search(a, first, boundary));
  ASSERT_TRUE(std::regex_search(b, second, boundary));
  EXPECT_NE(first[1].str(), second[1].str());
  // Its delimiter occurs exactly three times: two parts and the end.
  std::string delimiter = "\r\n--" + first[1].str();
  size_t count = 0;
  for (size_t at = a.find(delimiter); at != std::string::npos;
       at = a.find(delimiter, at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u);
}

TEST(MailRenderTest, WithoutHtmlSendsPlainTextAlone) {
  Message m = Sample();
  m.html = "";
  m.text = "Only text.\n.dot\n";
  std::string raw = MustRender(m);
  ExpectWellFormed(raw);
  testing::ParsedMail p = ParseMail(raw);
  EXPECT_EQ(p.defects, 0);
  EXPECT_EQ(p.content_type, "text/plain");
  ASSERT_EQ(p.parts.size(), 1u);
  EXPECT_EQ(p.parts[0].body, Crlf(m.text));
}

TEST(MailRenderTest, ExtraHeadersArriveAndContentLanguageOnlyWhenSet) {
  Message m = Sample();
  std::string many;
  for (int i = 0; i < 20; ++i)
    many += "<https://x.example/u/" + std::to_string(i) + ">, ";
  m.headers.push_back({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"});
  m.headers.push_back({"X-Long", many + " <mailto:u@x.example>"});
  m.language = "";
  std::string raw = MustRender(m);
  ExpectWellFormed(raw);
  testing::ParsedMail p = ParseMail(raw);
  EXPECT_EQ(p.Header("List-Unsubscribe"), "<https://briefdesk.example/u/1>");
  EXPECT_EQ(p.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(p.Header("X-Long"), many + " <mailto:u@x.example>");
  EXPECT_FALSE(absl::StrContains(raw, "Content-Language"));
}

TEST(MailRenderTest, RefusesHeaderInjectionAndBadAddresses) {
  std::vector<std::pair<std::string, std::function<void(Message&)>>> cases = {
      {"subject", [](Message& m) { m.subject = "Hi\r\nBcc: all@x.org"; }},
      {"subject", [](Message& m) { m.subject = "Hi\nBcc: all@x.org"; }},
      {"to name", [](Message& m) { m.to.name = "Ana\rBcc: x@y.z"; }},
      {"from address", [](Message& m) { m.from.email = "a@b.c\r\nBcc: x@y"; }},
      {"to address", [](Message& m) { m.to.email = "ana.example.com"; }},
      {"to address", [](Message& m) { m.to.email = "a@b@example.com"; }},
      {"to address", [](Message& m) { m.to.email = "@example.com"; }},
      {"to address", [](Message& m) { m.to.email = "ana@"; }},
      {"to address", [](Message& m) { m.to.email = "a na@example.com"; }},
      {"to address", [](Message& m) { m.to.email = "<ana@example.com>"; }},
      {"List-Unsubscribe",
       [](Message& m) { m.headers[0].second += "\r\nX: y"; }},
      {"header name",
       [](Message& m) {
         m.headers.push_back({"X-A: b", "c"});
       }},
      {"header name",
       [](Message& m) {
         m.headers.push_back({"bcc", "x@y.z"});
       }},
      {"X-Bin",
       [](Message& m) {
         m.headers.push_back({"X-Bin", "caf\xc3\xa9"});
       }},
      {"message_id", [](Message& m) { m.message_id = "<a@b>\r\nX: y"; }},
      {"message_id", [](Message& m) { m.message_id = "no-angles@x"; }},
      {"language", [](Message& m) { m.language = "en\r\nX: y"; }},
      {"subject", [](Message& m) { m.subject = "caf\xe9"; }},
      {"text", [](Message& m) { m.text = "\xff"; }},
  };
  for (const auto& [field, mutate] : cases) {
    Message m = Sample();
    mutate(m);
    absl::StatusOr<std::string> raw = Render(m);
    EXPECT_EQ(raw.status().code(), absl::StatusCode::kInvalidArgument)
        << field << ": " << raw.value_or("");
    EXPECT_TRUE(absl::StrContains(raw.status().message(), field))
        << raw.status();
    // The refused value is quoted escaped, so a log line stays one line.
    EXPECT_FALSE(absl::StrContains(raw.status().message(), "\n"));
  }
}

TEST(MailParseAddressTest, ReadsTheFormsAnOperatorWrites) {
  struct Case {
    std::string text, email, name;
  };
  for (const Case& c : std::vector<Case>{
           {"briefdesk@example.org", "briefdesk@example.org", ""},
           {"BriefDesk <briefdesk@example.org>", "briefdesk@example.org",
            "BriefDesk"},
           {"  \"Desk, Brief\" <b@x.org> ", "b@x.org", "Desk, Brief"},
           {"<b@x.org>", "b@x.org", ""},
           {"Zoë <z@x.fr>", "z@x.fr", "Zoë"},
       }) {
    absl::StatusOr<Address> a = ParseAddress(c.text);
    ASSERT_TRUE(a.ok()) << c.text << ": " << a.status();
    EXPECT_EQ(a->email, c.email);
    EXPECT_EQ(a->name, c.name);
  }
  for (std::string bad :
       {"", "no-at-sign", "Name <a@b", "a@b@c", "N <a@b>\nBcc: c@d"}) {
    EXPECT_EQ(ParseAddress(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace briefdesk::mail
