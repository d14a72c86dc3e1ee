#include "services/gateway/publishing.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <regex>
#include <sstream>

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
  EXPECT_NE(html.find("<h1>Decent work for all</h1>"), std::string::npos);
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

TEST(PublishingTest, HeadingsMoveBelowTheSectionInOrder) {
  std::string html = RenderMarkdown(
      "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### "
      "Six\n\n"
      "Setext\n===\n\nAgain\n---\n\n<h1>raw</h1>\n\n`<h2>code</h2>`\n");
  std::vector<int> levels;
  std::regex tag("<h([1-6])>");
  for (auto m = std::sregex_iterator(html.begin(), html.end(), tag);
       m != std::sregex_iterator(); ++m) {
    levels.push_back(std::stoi((*m)[1]));
  }
  EXPECT_EQ(levels, (std::vector<int>{3, 4, 5, 6, 6, 6, 3, 4})) << html;
  EXPECT_EQ(html.find("<h1"), std::string::npos) << html;
  EXPECT_EQ(html.find("<h2"), std::string::npos) << html;
  EXPECT_NE(html.find("<h6>Five</h6>"), std::string::npos);
  EXPECT_NE(html.find("<code>&lt;h2&gt;code&lt;/h2&gt;</code>"),
            std::string::npos);
  EXPECT_NE(html.find("raw HTML omitted"), std::string::npos);
  // On a page, only the title is an h1 and only the page's own headings h2.
  PublishedBrief b = Brief();
  b.mutable_sections()->set_options("# A\n\n## B\n\n##### E\n");
  std::string page = BriefPage(b, "https://briefs.example");
  EXPECT_EQ(page.find("<h1>A"), std::string::npos);
  EXPECT_EQ(page.find("<h2>B"), std::string::npos);
  EXPECT_NE(page.find("<h3>A</h3>\n<h4>B</h4>\n<h6>E</h6>"), std::string::npos)
      << page;
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
