#include "services/gateway/publishing.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "libs/text/text.h"

namespace briefdesk::gateway {
namespace {

PublishedBrief Brief() {
  PublishedBrief b;
  b.set_slug("decent-work-for-all");
  b.set_brief_id("b1");
  b.set_title("Decent work for all");
  b.set_topic("decent-work");
  b.set_cohort("2022-intl");
  b.add_authors("Amina Diallo");
  b.add_authors("Kofi Mensah");
  b.mutable_publish_time()->set_seconds(1700000000);
  b.set_revision(3);
  b.mutable_sections()->set_summary("Key *messages*.");
  b.mutable_sections()->set_evidence("# Survey\nMost had no income.");
  return b;
}

PublishedBrief Hostile() {
  PublishedBrief b = Brief();
  b.set_title("<script>alert('t')</script> \"quoted\" & more");
  b.add_authors("<img src=x onerror=alert(1)>");
  b.mutable_sections()->set_summary(
      "<script>alert(1)</script>\n\n<div onclick=\"alert(2)\">raw</div>\n\n"
      "[click](javascript:alert(3)) and <a "
      "href=\"javascript:alert(4)\">x</a>\n\n"
      "![img](data:text/html;base64,PHNjcmlwdD4=)");
  b.mutable_sections()->set_problem(
      "<iframe src=\"https://evil.example\"></iframe>");
  return b;
}

TEST(PublishingTest, PageHasItsPartsInOrder) {
  std::string html = BriefPage(Brief(), "https://briefs.example");
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<h1 lang=\"en\" dir=\"ltr\">Decent work for all</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("By Amina Diallo and Kofi Mensah"), std::string::npos);
  size_t summary = html.find("<h2>Key messages</h2>");
  size_t evidence = html.find("<h2>Evidence</h2>");
  ASSERT_NE(summary, std::string::npos);
  ASSERT_NE(evidence, std::string::npos);
  EXPECT_LT(summary, evidence);
  EXPECT_EQ(html.find("<h2>The problem</h2>"), std::string::npos);  // empty
  EXPECT_NE(html.find("<em>messages</em>"), std::string::npos);
  // A Markdown heading sits below the section's h2.
  EXPECT_NE(html.find("<h3>Survey</h3>"), std::string::npos);
  EXPECT_EQ(html.find("<h1>Survey"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(
      html.find("Amina Diallo and Kofi Mensah (2023). Decent work for all. "
                "BriefDesk policy brief, 2022-intl. "
                "https://briefs.example/published/decent-work-for-all"),
      std::string::npos);
  EXPECT_EQ(html.find("This brief was retracted"), std::string::npos);
  EXPECT_EQ(html.find("role=\"alert\""), std::string::npos);
}

TEST(PublishingTest, HostileContentIsEscapedOrDropped) {
  std::string html = BriefPage(Hostile(), "https://briefs.example");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("onclick="), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("data:text/html"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&apos;t&apos;)&lt;/script&gt; "
                      "&quot;quoted&quot; &amp; more"),
            std::string::npos);
  EXPECT_NE(html.find("raw HTML omitted"), std::string::npos);
}

TEST(PublishingTest, RetractionIsShown) {
  PublishedBrief b = Brief();
  b.set_retracted(true);
  b.set_retraction_reason("figures <b>were</b> wrong");
  b.mutable_retract_time()->set_seconds(1710000000);
  std::string html = BriefPage(b, "https://briefs.example");
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(html.find("This brief was retracted"), std::string::npos);
  EXPECT_NE(html.find("figures &lt;b&gt;were&lt;/b&gt; wrong"),
            std::string::npos);
  EXPECT_EQ(LastModifiedSeconds(b), 1710000000);
}

TEST(PublishingTest, MarkdownKeepsEverySectionVerbatim) {
  PublishedBrief b = Brief();
  std::string md = BriefMarkdown(b, "https://briefs.example");
  EXPECT_EQ(md.rfind("---\ntitle: \"Decent work for all\"\n", 0), 0u);
  EXPECT_NE(
      md.find("url: \"https://briefs.example/published/decent-work-for-all\""),
      std::string::npos);
  EXPECT_NE(md.find("\n## Key messages\n\nKey *messages*.\n"),
            std::string::npos);
  EXPECT_NE(md.find("\n## Evidence\n\n# Survey\nMost had no income.\n"),
            std::string::npos);
}

TEST(PublishingTest, AtomFeedIsWellFormedXml) {
  PublishedBrief retracted = Hostile();
  retracted.set_retracted(true);
  retracted.set_retraction_reason("wrong & misleading");
  retracted.mutable_retract_time()->set_seconds(1710000000);
  std::string xml = AtomFeed({Brief(), retracted}, "https://briefs.example");
  std::istringstream in(xml);
  boost::property_tree::ptree tree;
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree)) << xml;
  int entries = 0;
  for (const auto& [name, child] : tree.get_child("feed")) {
    if (name != "entry") continue;
    ++entries;
    EXPECT_FALSE(child.get<std::string>("id").empty());
  }
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(tree.get<std::string>("feed.updated"), "2024-03-09T16:00:00Z");
}

// Text stored before input validation existed: control characters, a bare
// CR, the unit separator, a noncharacter, bytes that are not UTF-8, and
// what YAML and Markdown give meaning to.
const char* const kLegacy[] = {
    "Title\x01with SOH",
    "carriage\rreturn",
    "unit\x1fseparator",
    "non\xEF\xBF\xBF"
    "character",
    "broken \xFF\xFE bytes \xC3",
    "she said \"no\": 'yes' --- # not a heading",
    "---",
    "# Heading?\n## Another\n---\nkey: value",
    "DEL\x7F and NEL\xC2\x85 and LS\xE2\x80\xA8.",
    "tab\tand\nnewline",
};

PublishedBrief Legacy() {
  PublishedBrief b = Brief();
  b.clear_authors();
  std::string all;
  for (const char* s : kLegacy) {
    b.add_authors(s);
    all += std::string(s) + "\n\n";
  }
  b.set_title(std::string(kLegacy[0]) + " " + kLegacy[1] + " " + kLegacy[7]);
  b.set_topic(kLegacy[4]);
  b.set_cohort(kLegacy[5]);
  b.set_country(kLegacy[2]);
  b.set_policy_question(kLegacy[7]);
  b.set_retracted(true);
  b.set_retraction_reason(kLegacy[8]);
  b.mutable_retract_time()->set_seconds(1710000000);
  b.mutable_sections()->set_summary(all);
  b.mutable_sections()->set_problem(kLegacy[3]);
  b.mutable_sections()->set_references("```\ncode\x01\rline\x7F\n```\n");
  return b;
}

// Whether expat (Python's, a conforming XML parser) reads `xml`; its
// complaint when it does not.
std::string ExpatError(const std::string& xml) {
  char path[] = "/tmp/publishing_test_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return "mkstemp failed";
  close(fd);
  std::ofstream(path, std::ios::binary) << xml;
  std::string cmd =
      std::string(
          "/usr/bin/python3 -c 'import sys,xml.dom.minidom; "
          "xml.dom.minidom.parseString(sys.stdin.buffer.read())' < ") +
      path + " 2>&1";
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  char buf[4096];
  for (size_t n; f && (n = fread(buf, 1, sizeof buf, f)) > 0;)
    out.append(buf, n);
  int status = f ? pclose(f) : -1;
  unlink(path);
  return status == 0 ? "" : "exit " + std::to_string(status) + ": " + out;
}

// The characters no HTML or XML page of ours may carry: controls other than
// tab and newline (C0, DEL, C1), U+FFFE/U+FFFF, and bytes that are not UTF-8.
void ExpectOnlyText(const std::string& page) {
  EXPECT_TRUE(text::IsUtf8(page));
  for (size_t i = 0; i < page.size(); ++i) {
    unsigned char c = page[i];
    EXPECT_FALSE(c < 0x20 && c != '\n' && c != '\t')
        << "control " << int(c) << " at " << i << " in\n"
        << page;
    EXPECT_NE(c, 0x7F) << "at " << i;
    if (c == 0xC2 && i + 1 < page.size()) {
      EXPECT_GT(static_cast<unsigned char>(page[i + 1]), 0x9F) << "C1 at " << i;
    }
  }
  EXPECT_EQ(page.find("\xEF\xBF\xBF"), std::string::npos);
  EXPECT_EQ(page.find("\xEF\xBF\xBE"), std::string::npos);
}

TEST(PublishingTest, FeedOfLegacyTextIsWellFormedXml) {
  if (access("/usr/bin/python3", X_OK) != 0)
    GTEST_SKIP() << "no /usr/bin/python3";
  ASSERT_NE(ExpatError("<a>\x01</a>"), "");  // the parser does refuse
  PublishedBrief one = Legacy();
  PublishedBrief two = Legacy();
  two.set_retracted(false);
  for (const char* s : kLegacy) {
    PublishedBrief b = Brief();
    b.set_title(s);
    b.set_topic(s);
    b.clear_authors();
    b.add_authors(s);
    b.mutable_sections()->set_summary(s);
    std::string xml = AtomFeed({b}, "https://briefs.example");
    EXPECT_EQ(ExpatError(xml), "") << xml;
    EXPECT_TRUE(text::IsUtf8(xml));
  }
  std::string xml = AtomFeed({one, two, Brief()}, "https://briefs.example");
  EXPECT_EQ(ExpatError(xml), "") << xml;
  EXPECT_NE(
      xml.find("<title>Retracted: Title with SOH carriage return # Heading? "
               "## Another --- key: value</title>"),
      std::string::npos)
      << xml;
}

TEST(PublishingTest, PagesOfLegacyTextCarryNoControlCharacters) {
  PublishedBrief b = Legacy();
  std::string page = BriefPage(b, "https://briefs.example");
  ExpectOnlyText(page);
  EXPECT_NE(page.find("<h1 lang=\"en\" dir=\"ltr\">Title with SOH carriage "
                      "return # Heading? ## Another "
                      "--- key: value</h1>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("unit separator"), std::string::npos);
  ExpectOnlyText(IndexPage({b, Legacy()}, kLegacy[0], kLegacy[1], ""));
}

// The front matter between the first two "---" lines, parsed.
YAML::Node FrontMatterOf(const std::string& md) {
  EXPECT_EQ(md.rfind("---\n", 0), 0u);
  size_t end = md.find("\n---\n", 3);
  EXPECT_NE(end, std::string::npos);
  return YAML::Load(md.substr(4, end - 4));
}

// Valid UTF-8 loads back as stored; what is not text comes back as U+FFFD.
std::string AsLoaded(const std::string& s) {
  std::string out = text::IsUtf8(s)
                        ? s
                        : "broken \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD";
  for (size_t p; (p = out.find("\xEF\xBF\xBF")) != std::string::npos;) {
    out.replace(p, 3, "\xEF\xBF\xBD");
  }
  return out;
}

TEST(PublishingTest, FrontMatterLoadsBackAsStored) {
  for (const char* s : kLegacy) {
    PublishedBrief b = Brief();
    b.set_title(s);
    b.clear_authors();
    b.add_authors(s);
    b.add_authors("Kofi: \"the second\"");
    b.set_topic(s);
    b.set_cohort(s);
    b.set_country(s);
    b.set_retracted(true);
    b.set_retraction_reason(s);
    b.mutable_retract_time()->set_seconds(1710000000);
    std::string md = BriefMarkdown(b, "https://briefs.example");
    YAML::Node front;
    ASSERT_NO_THROW(front = FrontMatterOf(md)) << md;
    ASSERT_TRUE(front.IsMap()) << md;
    for (const char* key :
         {"title", "topic", "cohort", "country", "retraction_reason"}) {
      EXPECT_EQ(front[key].as<std::string>(), AsLoaded(s)) << key << " of\n"
                                                           << md;
    }
    ASSERT_EQ(front["authors"].size(), 2u);
    EXPECT_EQ(front["authors"][0].as<std::string>(), AsLoaded(s));
    EXPECT_EQ(front["authors"][1].as<std::string>(), "Kofi: \"the second\"");
    EXPECT_EQ(front["url"].as<std::string>(),
              "https://briefs.example/published/decent-work-for-all");
    EXPECT_EQ(front["revision"].as<int>(), 3);
    EXPECT_EQ(front["published"].as<std::string>(), "2023-11-14T22:13:20Z");
    EXPECT_EQ(front["retracted"].as<std::string>(), "2024-03-09T16:00:00Z");
  }
}

TEST(PublishingTest, MarkdownTitleIsOneHeadingLine) {
  PublishedBrief b = Legacy();
  b.mutable_sections()->clear_summary();
  b.mutable_sections()->clear_references();
  std::string md = BriefMarkdown(b, "https://briefs.example");
  size_t body = md.find("\n---\n", 3) + 5;
  std::vector<std::string> headings;
  std::istringstream lines(md.substr(body));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("#", 0) == 0) headings.push_back(line);
  }
  // The title, the sections' headings and what they hold (verbatim), and
  // nothing the title made.
  EXPECT_EQ(headings, (std::vector<std::string>{
                          "# Title with SOH carriage return # "
                          "Heading? ## Another --- key: value",
                          "## The problem", "## Evidence", "# Survey"}))
      << md;
  EXPECT_NE(
      md.find("**Policy question:** # Heading? ## Another --- key: value\n"),
      std::string::npos);
}

TEST(PublishingTest, OnAPageSectionHeadingsSitBelowThePagesOwn) {
  // Only the title is an h1 and only the page's own headings h2.
  PublishedBrief b = Brief();
  b.mutable_sections()->set_options("# A\n\n## B\n\n##### E\n");
  std::string page = BriefPage(b, "https://briefs.example");
  EXPECT_EQ(page.find("<h1>A"), std::string::npos);
  EXPECT_EQ(page.find("<h2>B"), std::string::npos);
  EXPECT_NE(page.find("<h3>A</h3>\n<h4>B</h4>\n<h6>E</h6>"), std::string::npos)
      << page;
}

TEST(PublishingTest, PublicBaseUrlIsCheckedAndNeverFromARequest) {
  EXPECT_EQ(*PublicBaseUrl("https://briefs.example.org/", "0.0.0.0", 8080),
            "https://briefs.example.org");
  EXPECT_EQ(*PublicBaseUrl("http://briefs.example.org:8443/ilo//", "", 1),
            "http://briefs.example.org:8443/ilo");
  EXPECT_EQ(*PublicBaseUrl("HTTPS://Briefs.example.org", "", 1),
            "HTTPS://Briefs.example.org");
  // A view into a longer string is read to its end only.
  const std::string longer = "https://briefs.example.org/?q=1";
  EXPECT_EQ(*PublicBaseUrl(std::string_view(longer).substr(0, 27), "", 1),
            "https://briefs.example.org");
  EXPECT_EQ(*PublicBaseUrl("", "127.0.0.1", 8080), "http://127.0.0.1:8080");
  EXPECT_EQ(*PublicBaseUrl("", "::1", 9000), "http://[::1]:9000");
  for (const char* bad :
       {"briefs.example.org", "ftp://briefs.example.org", "https://",
        "https:///path", "https://user:secret@briefs.example.org",
        "https://briefs.example.org/?a=1", "https://briefs.example.org/#top",
        "https://briefs.example.org/ x", "javascript:alert(1)",
        " https://a.org"}) {
    auto url = PublicBaseUrl(bad, "127.0.0.1", 8080);
    ASSERT_FALSE(url.ok()) << bad << " gave " << *url;
    EXPECT_NE(url.status().message().find("BRIEFDESK_PUBLIC_URL"),
              std::string::npos);
    EXPECT_EQ(url.status().message().find("secret"), std::string::npos);
  }
  EXPECT_FALSE(PublicBaseUrl("", "127.0.0.1", 0).ok());  // port not known yet
}

TEST(PublishingTest, HttpDatesAndEtags) {
  EXPECT_EQ(HttpDate(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(ParseHttpDate("Tue, 14 Nov 2023 22:13:20 GMT"), 1700000000);
  EXPECT_EQ(ParseHttpDate("yesterday"), -1);
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(BodyEtag("a"), BodyEtag("a"));
  EXPECT_NE(BodyEtag("a"), BodyEtag("b"));
  EXPECT_EQ(SlugPath("العمل"), "/published/%D8%A7%D9%84%D8%B9%D9%85%D9%84");
}

}  // namespace
}  // namespace briefdesk::gateway
