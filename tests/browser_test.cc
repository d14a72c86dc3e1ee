// Published pages in a real browser: Debian's Chromium, headless, against
// the running stack. The index lists a freshly published brief, its page
// renders the sections, the print stylesheet applies (print to PDF, read
// back with pdftotext), a screenshot is written, and a hostile brief runs
// no script and shows no raw HTML.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/harness/api.h"

namespace briefdesk::testing {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(kChromium))
        << "Debian's chromium is not installed: run scripts/test.sh";
    profile_ = api.stack().dir() + "/chromium-" + Api::Unique();
  }

  // Chromium as the env notes say it runs here: headless, no sandbox (as
  // root), nothing reaching outside, a fresh profile, time for scripts.
  std::string Chromium(const std::string& args, const std::string& path) {
    std::string url =
        "http://127.0.0.1:" + std::to_string(api.stack().http_port()) + path;
    return Shell(std::string(kChromium) +
                 " --headless --no-sandbox --disable-gpu --disable-quic"
                 " --no-first-run --disable-background-networking"
                 " --disable-component-update --disable-sync"
                 " --disable-dev-shm-usage --user-data-dir=" +
                 profile_ + " --virtual-time-budget=3000 " + args + " '" + url +
                 "' 2>/dev/null");
  }

  std::string Publish(const std::string& body_fields) {
    std::string topic = "browser-" + Api::Unique();
    User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
    HttpResponse created =
        api.Call("POST", "/v1/briefs", author.key,
                 "{\"topic\":\"" + topic + "\"," + body_fields + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id = Str(created.Json(), "id");
    EXPECT_EQ(
        api.Call("POST", "/v1/briefs/" + id + ":submit", author.key).status,
        200);
    HttpResponse claim = api.ClaimWithin(expert);
    EXPECT_EQ(api.Complete(expert, claim, "APPROVE").status, 200);
    EXPECT_TRUE(api.WaitForState(id, "APPROVED"));
    HttpResponse p =
        api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
    EXPECT_EQ(p.status, 200) << p.body;
    return Str(p.Json(), "slug");
  }

  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});
  std::string profile_;
};

TEST_F(BrowserTest, IndexListsTheBriefAndItsPageRendersTheSections) {
  std::string slug = Publish(R"("title":"Skills for a just transition",)" +
                             Api::CompleteSections());
  std::string index = Chromium("--dump-dom", "/published");
  EXPECT_NE(index.find("Skills for a just transition"), std::string::npos)
      << index.substr(0, 500);
  EXPECT_NE(index.find("href=\"/published/" + slug + "\""), std::string::npos);

  std::string page = Chromium("--dump-dom", "/published/" + slug);
  EXPECT_NE(
      page.find(
          "<h1 lang=\"en\" dir=\"ltr\">Skills for a just transition</h1>"),
      std::string::npos);
  for (const char* h : {"Key messages", "The problem", "Evidence",
                        "Policy options", "Recommendations", "References"}) {
    EXPECT_NE(page.find(std::string("<h2>") + h + "</h2>"), std::string::npos)
        << h;
  }
  EXPECT_NE(
      page.find("<li>Extend unemployment insurance to platform workers.</li>"),
      std::string::npos);

  // A screenshot of the page, kept beside the test binary.
  std::string shot =
      std::filesystem::current_path().string() + "/published-brief.png";
  std::filesystem::remove(shot);
  Chromium("--screenshot=" + shot + " --window-size=1280,1800",
           "/published/" + slug);
  ASSERT_TRUE(std::filesystem::exists(shot)) << "no screenshot at " << shot;
  std::ifstream png(shot, std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_GT(std::filesystem::file_size(shot), 20000u);
}

TEST_F(BrowserTest, PrintStylesheetApplies) {
  std::string slug =
      Publish(R"("title":"Printing a brief",)" + Api::CompleteSections());
  std::string pdf = profile_ + "-print.pdf";
  Chromium("--no-pdf-header-footer --print-to-pdf=" + pdf,
           "/published/" + slug);
  ASSERT_TRUE(std::filesystem::exists(pdf));
  std::string printed = Shell("pdftotext '" + pdf + "' - 2>/dev/null");
  EXPECT_NE(printed.find("Printing a brief"), std::string::npos)
      << printed.substr(0, 400);
  EXPECT_NE(printed.find("Key messages"), std::string::npos);
  // The site header is on screen, not on paper.
  std::string screen = Chromium("--dump-dom", "/published/" + slug);
  EXPECT_NE(screen.find(">Published policy briefs</a>"), std::string::npos);
  EXPECT_EQ(printed.find("Published policy briefs"), std::string::npos)
      << printed.substr(0, 400);
}

TEST_F(BrowserTest, HostileBriefRunsNoScriptAndShowsNoRawHtml) {
  // Each payload would mark the page if it ran.
  const std::string mark = "document.body.setAttribute('data-pwned','1')";
  boost::json::object sections{
      {"summary", "<script>" + mark + "</script>\n\nStill here."},
      {"problem", "<img src=x onerror=\"" + mark + "\">\n\n<div onclick=\"" +
                      mark + "\">raw div</div>"},
      {"evidence", "[a link](javascript:" + mark +
                       ") and <a href=\"javascript:" + mark +
                       "\">raw link</a>"},
      {"options", "<iframe src=\"javascript:" + mark + "\"></iframe>"},
      {"recommendations",
       "- Extend <b onmouseover=\"" + mark + "\">coverage</b>."},
      {"references", "<svg onload=\"" + mark + "\"></svg>\n\n- ILO (2021)"}};
  boost::json::object body{
      {"title", "<script>" + mark + "</script>Hostile <i>title</i>"},
      {"sections", sections}};
  std::string json = boost::json::serialize(body);
  std::string slug = Publish(json.substr(1, json.size() - 2));
  std::string dom = Chromium("--dump-dom", "/published/" + slug);
  ASSERT_NE(dom.find("Still here."), std::string::npos) << dom.substr(0, 400);
  // A payload that ran would have set the attribute on <body>. (The words
  // "data-pwned" do appear, as escaped text of the title and in the slug.)
  EXPECT_EQ(dom.find("data-pwned=\"1\""), std::string::npos) << "a script ran";
  EXPECT_NE(dom.find("<body>"), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  for (const char* raw :
       {"<iframe", "<svg", "<img", "onerror", "onclick", "onmouseover",
        "onload", "javascript:", "<b ", "<div onclick", "<i>title"}) {
    EXPECT_EQ(dom.find(raw), std::string::npos) << raw;
  }
  // The title shows as text, escaped.
  EXPECT_NE(dom.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(dom.find("Hostile &lt;i&gt;title&lt;/i&gt;"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::testing
