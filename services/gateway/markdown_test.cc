#include "services/gateway/markdown.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace briefdesk::gateway {
namespace {

TEST(MarkdownTest, GithubTablesStrikethroughAndLinksRender) {
  std::string html = RenderMarkdown(
      "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~gone~~ www.ilo.org\n\n"
      "- [x] done\n\n<script>x()</script>");
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td align=\"right\">2</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>gone</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"http://www.ilo.org\""), std::string::npos)
      << html;
  EXPECT_NE(html.find("checked"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
}

TEST(MarkdownTest, HeadingsMoveBelowTheSectionInOrder) {
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
}

}  // namespace
}  // namespace briefdesk::gateway
