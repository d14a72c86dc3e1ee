// Published briefs for readers, over real HTTP with every service: the
// index, the page, the Markdown download, the Atom feed; caching with 304;
// 404 for what is not published; retraction notices; stable, unique slugs;
// well-formed output from rows stored before input validation; links from
// BRIEFDESK_PUBLIC_URL whatever the Host; query parameters checked as text.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <csignal>
#include <fstream>
#include <iterator>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "tests/harness/api.h"
#include "tests/harness/published_readers.h"

namespace briefdesk::testing {
namespace {

// With a trailing slash, which the gateway drops.
constexpr char kPublicUrl[] = "https://briefs.published-test.example";
const bool kConfigured = [] {
  Stack::Options o;
  o.gateway_env["BRIEFDESK_PUBLIC_URL"] = std::string(kPublicUrl) + "/";
  Stack::Configure(o);
  return true;
}();

class PublishedTest : public ::testing::Test {
 protected:
  Api api;
  User author = api.NewUser({"PARTICIPANT"});
  User editor = api.NewUser({"EDITOR"});
  std::string topic = "pub-" + Api::Unique();
  User expert = api.NewUser({"EXPERT"}, "[\"" + topic + "\"]");

  // A published brief with this title; returns the brief as answered.
  boost::json::value Publish(const std::string& title) {
    std::string id = api.ApprovedBrief(author, expert, topic, title);
    HttpResponse p =
        api.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
    EXPECT_EQ(p.status, 200) << p.body;
    return p.Json();
  }
  HttpResponse Get(const std::string& path,
                   std::map<std::string, std::string> h = {}) {
    return api.http().Send("GET", path, "", h);  // no key: public
  }
  // Statements on the briefs database, as a migration or an old version
  // could have left it (no validation on this path).
  void Sql(const std::string& statement, const std::vector<std::string>& args) {
    pqxx::connection db(api.stack().DatabaseUrl("briefs"));
    pqxx::work tx(db);
    tx.exec_params(statement, pqxx::prepare::make_dynamic_params(args));
    tx.commit();
  }
};

TEST_F(PublishedTest, PageIndexMarkdownAndFeed) {
  auto b = Publish("Social protection for platform workers");
  std::string slug = Str(b, "slug");
  EXPECT_EQ(slug.rfind("social-protection-for-platform-workers", 0), 0u);

  HttpResponse page = Get("/published/" + slug);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find(
                "<h1 lang=\"en\" dir=\"ltr\">Social protection for platform "
                "workers</h1>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<h2>Recommendations</h2>"), std::string::npos);
  EXPECT_NE(
      page.body.find("Extend unemployment insurance to platform workers."),
      std::string::npos);
  EXPECT_NE(page.body.find("How to cite"), std::string::npos);
  EXPECT_FALSE(page.Header("etag").empty());
  EXPECT_FALSE(page.Header("last-modified").empty());
  EXPECT_EQ(page.Header("cache-control"), "public, max-age=60");

  // Revalidation answers 304 with no body.
  HttpResponse again =
      Get("/published/" + slug, {{"If-None-Match", page.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Get("/published/" + slug,
                {{"If-Modified-Since", page.Header("last-modified")}})
                .status,
            304);
  EXPECT_EQ(Get("/published/" + slug, {{"If-None-Match", "\"other\""}}).status,
            200);

  HttpResponse index = Get("/published?topic=" + topic);
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("href=\"/published/" + slug + "\""),
            std::string::npos);
  EXPECT_EQ(Get("/published?topic=nothing-here").body.find(slug),
            std::string::npos);

  HttpResponse md = Get("/published/" + slug + ".md");
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.Header("content-type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(md.body.rfind(
                "---\ntitle: \"Social protection for platform workers\"", 0),
            0u);
  // Every section round-trips verbatim.
  const boost::json::value brief =
      api.Call("GET", "/v1/briefs/" + Str(b, "id"), author.key).Json();
  for (const auto& [name, text] : brief.at("sections").as_object()) {
    EXPECT_NE(md.body.find(std::string(text.as_string())), std::string::npos)
        << name;
  }

  HttpResponse feed = Get("/published/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  std::istringstream in(feed.body);
  boost::property_tree::ptree xml;
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, xml));
  bool found = false;
  for (const auto& [name, entry] : xml.get_child("feed")) {
    if (name == "entry" && entry.get<std::string>("title") ==
                               "Social protection for platform workers") {
      found = true;
      EXPECT_NE(entry.get<std::string>("link.<xmlattr>.href")
                    .find("/published/" + slug),
                std::string::npos);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(PublishedTest, SlugsAreUniqueAndNonLatinTitlesWork) {
  std::string a = Str(Publish("Same title"), "slug");
  std::string b = Str(Publish("Same title"), "slug");
  EXPECT_EQ(a, "same-title");
  EXPECT_EQ(b, "same-title-2");
  std::string arabic = Str(Publish("العمل اللائق للجميع"), "slug");
  EXPECT_EQ(arabic, "العمل-اللائق-للجميع");
  // Its address is percent-encoded UTF-8.
  HttpResponse page =
      Get("/published/"
          "%D8%A7%D9%84%D8%B9%D9%85%D9%84-%D8%A7%D9%84%D9%84%D8%A7%D8%A6%D9%82-"
          "%D9%84%D9%84%D8%AC%D9%85%D9%8A%D8%B9");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("العمل اللائق للجميع"), std::string::npos);
}

TEST_F(PublishedTest, WhatIsNotPublishedIsNotFound) {
  auto draft = api.NewBrief(author, R"("title":"Unpublished draft")");
  EXPECT_EQ(Get("/published/unpublished-draft").status, 404);
  EXPECT_EQ(Get("/published/no-such-brief").status, 404);
  EXPECT_EQ(Get("/published/no-such-brief.md").status, 404);
  HttpResponse missing = Get("/published/no-such-brief");
  EXPECT_EQ(missing.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(Get("/published").body.find("Unpublished draft"),
            std::string::npos);
}

TEST_F(PublishedTest, RetractedBriefsKeepTheirAddressAndSaySo) {
  std::string slug = Str(Publish("A brief to retract"), "slug");
  HttpResponse before = Get("/published/" + slug);
  std::string id;
  {
    HttpResponse list =
        api.Call("GET", "/v1/briefs?topic=" + topic, editor.key);
    id = Str(list.Json().at("briefs").as_array()[0], "id");
  }
  ASSERT_EQ(api.Call("POST", "/v1/briefs/" + id + ":retract", editor.key,
                     R"({"reason":"The survey figures were misread."})")
                .status,
            200);
  HttpResponse page =
      Get("/published/" + slug, {{"If-None-Match", before.Header("etag")}});
  ASSERT_EQ(page.status, 200);  // changed: not a 304
  EXPECT_NE(page.body.find("This brief was retracted"), std::string::npos);
  EXPECT_NE(page.body.find("The survey figures were misread."),
            std::string::npos);
  HttpResponse feed = Get("/published/feed.atom");
  EXPECT_NE(feed.body.find("Retracted: A brief to retract"), std::string::npos);
}

// Rows from before input validation, written straight into the database:
// control characters in a title, a summary and display names, and a name
// holding the unit separator that once split authors.
TEST_F(PublishedTest, LegacyTextKeepsEveryOutputWellFormed) {
  auto published = Publish("Legacy text " + Api::Unique());
  std::string id = Str(published, "id"), slug = Str(published, "slug");
  const std::string title =
      "Legacy\x01title\rwith\x1f"
      "controls \"quoted\": 'x' --- #1\n## Not a heading";
  const std::string shown =
      "Legacy title with controls \"quoted\": 'x' --- #1 ## Not a heading";
  const std::string summary =
      "First\x01line\r\nsecond \x1f line\n\n# Own heading\n\n---\nkey: value "
      "\xEF\xBF\xBF end\n";
  const std::string author_name =
      "Amina\x1f"
      "Diallo";
  const std::string co_author_name = "NULL, \"Jr.\" {x} \\ y";
  Sql("UPDATE revisions r SET title = $1, summary = $2, policy_question = $3 "
      "FROM briefs b WHERE b.id = $4 AND r.brief_id = b.id "
      "AND r.number = b.published_revision",
      {title, summary, title, id});
  Sql("UPDATE briefs SET co_author_ids = ARRAY[$1] WHERE id = $2",
      {expert.id, id});
  Sql("UPDATE users SET display_name = $1 WHERE id = $2",
      {author_name, author.id});
  Sql("UPDATE users SET display_name = $1 WHERE id = $2",
      {co_author_name, expert.id});
  // As an operator's fix must (operations.md): every cached page goes.
  Sql("SELECT pg_notify('briefdesk_published', '*')", {});

  HttpResponse feed = Get("/published/feed.atom");
  ASSERT_EQ(feed.status, 200);
  boost::json::value xml = ReadWithPython("xml", feed.body);
  ASSERT_TRUE(xml.is_object());
  bool found = false;
  for (const auto& e : xml.at("entries").as_array()) {
    if (!Str(e, "link").ends_with("/published/" + slug)) continue;
    found = true;
    EXPECT_EQ(Str(e, "title"), shown);
    EXPECT_EQ(Str(e, "summary"),
              "First\uFFFDline\nsecond \uFFFD line\n\n# Own heading\n\n---\n"
              "key: value \uFFFD end\n");
    EXPECT_EQ(boost::json::serialize(e.at("authors")),
              boost::json::serialize(
                  boost::json::array{"Amina Diallo", co_author_name}));
  }
  EXPECT_TRUE(found) << feed.body;

  HttpResponse md = Get("/published/" + slug + ".md");
  ASSERT_EQ(md.status, 200);
  boost::json::value front = ReadWithPython("yaml", md.body);
  ASSERT_TRUE(front.is_object());
  EXPECT_EQ(Str(front, "title"), title);  // exactly as stored
  EXPECT_EQ(
      boost::json::serialize(front.at("authors")),
      boost::json::serialize(boost::json::array{author_name, co_author_name}));
  EXPECT_NE(md.body.find("\n---\n\n# " + shown + "\n\n**Policy question:** " +
                         shown + "\n"),
            std::string::npos)
      << md.body;
  EXPECT_NE(md.body.find("\n## Key messages\n\n" + summary), std::string::npos);

  HttpResponse page = Get("/published/" + slug);
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(HasControls(page.body)) << page.body;
  EXPECT_NE(page.body.find("<h1 lang=\"en\" dir=\"ltr\">Legacy title with "
                           "controls &quot;quoted&quot;: "
                           "&apos;x&apos; --- #1 ## Not a heading</h1>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(
      page.body.find("By Amina Diallo and NULL, &quot;Jr.&quot; {x} \\ y"),
      std::string::npos);
  EXPECT_NE(page.body.find("<h3>Own heading</h3>"), std::string::npos);
  HttpResponse index = Get("/published?topic=" + topic);
  ASSERT_EQ(index.status, 200);
  EXPECT_FALSE(HasControls(index.body));
  EXPECT_NE(index.body.find(shown.substr(0, 20)), std::string::npos);
}

// Published bytes are cached and shared (Cache-Control: public): a forged
// Host must never reach them.
TEST_F(PublishedTest, LinksComeFromThePublicUrlNeverFromTheHost) {
  std::string slug = Str(Publish("Hosts " + Api::Unique()), "slug");
  const std::string address = std::string(kPublicUrl) + "/published/" + slug;
  const std::map<std::string, std::string> evil = {
      {"Host", "evil.example"}, {"X-Forwarded-Host", "evil.example"}};
  for (const std::string& path : std::vector<std::string>{
           "/published/feed.atom", "/published/" + slug,
           "/published/" + slug + ".md", "/published?topic=" + topic}) {
    HttpResponse r = Get(path, evil);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << path << r.body;
    EXPECT_EQ(r.body.find(std::string(kPublicUrl) + "//"), std::string::npos)
        << path;
  }
  HttpResponse feed = Get("/published/feed.atom", evil);
  boost::json::value xml = ReadWithPython("xml", feed.body);
  EXPECT_EQ(Str(xml, "id"), std::string(kPublicUrl) + "/published/feed.atom");
  EXPECT_NE(feed.body.find("href=\"" + address + "\""), std::string::npos);
  HttpResponse md = Get("/published/" + slug + ".md", evil);
  EXPECT_EQ(Str(ReadWithPython("yaml", md.body), "url"), address);
  HttpResponse page = Get("/published/" + slug, evil);
  EXPECT_NE(page.body.find(". " + address + "</p>"), std::string::npos)
      << page.body;
}

TEST_F(PublishedTest, QueryParametersMustBeText) {
  std::string slug = Str(Publish("Queries " + Api::Unique()), "slug");
  const std::pair<const char*, const char*> bad[] = {
      {"/published?topic=%FF", "topic"},               // not UTF-8
      {"/published?cohort=%00", "cohort"},             // a control character
      {"/published?cohort=a%0Ab", "cohort"},           // a line break
      {"/published?topic=x&cohort=%E2%82", "cohort"},  // cut short
      {"/published?pageToken=%C0%80", "pageToken"},    // overlong NUL
      {"/published?topic=%zz", "topic"},               // malformed
      {"/published?topic=%", "topic"},
      {"/published?topic=ok&cohort=50%", "cohort"},
  };
  for (const auto& [target, param] : bad) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 400) << target << "\n" << r.body;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8") << target;
    EXPECT_NE(r.body.find("<h1>Bad request</h1>"), std::string::npos) << target;
    EXPECT_NE(r.body.find("&quot;" + std::string(param) + "&quot;"),
              std::string::npos)
        << target << "\n"
        << r.body;
    EXPECT_FALSE(HasControls(r.body));
  }
  // Percent-encoding and + decode; an empty value is no filter.
  std::string encoded = topic;
  encoded.replace(encoded.find('-'), 1, "%2D");
  HttpResponse filtered =
      Get("/published?topic=" + encoded + "&cohort=&utm=%FF");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_NE(filtered.body.find("href=\"/published/" + slug + "\""),
            std::string::npos);
  EXPECT_EQ(Get("/published?topic=%D8%A7+b").status, 200);
}

// The gateway restarted with another BRIEFDESK_PUBLIC_URL, and back.
class WithPublicUrl {
 public:
  WithPublicUrl(Stack& stack, const std::string& url) : stack_(stack) {
    Restart(url);
  }
  ~WithPublicUrl() { Restart(std::string(kPublicUrl) + "/"); }
  void Restart(const std::string& url) {
    stack_.SetEnv("gateway", "BRIEFDESK_PUBLIC_URL", url);
    stack_.KillGateway(SIGTERM);
    stack_.StartGateway();
  }

 private:
  Stack& stack_;
};

TEST_F(PublishedTest, PublicUrlIsCheckedAtStartAndDefaultsToTheListenAddress) {
  std::string slug = Str(Publish("Default address " + Api::Unique()), "slug");
  Stack& stack = api.stack();
  {
    WithPublicUrl bad(stack, "https://user:secret@briefs.example.org");
    // It must stop at once. A gateway that serves anyway gets SIGKILL after
    // 10 s, so the test cannot hang (and it shows as a signal, not exit 1).
    std::string log;
    for (int i = 0; i < 100 && log.find("startup_failed") == std::string::npos;
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(stack.dir() + "/gateway.log");
      log.assign(std::istreambuf_iterator<char>(in), {});
    }
    bool failed = log.find("startup_failed") != std::string::npos;
    int status = stack.Kill("gateway", failed ? 0 : SIGKILL);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
    EXPECT_NE(log.find("BRIEFDESK_PUBLIC_URL must not hold a user"),
              std::string::npos);
    EXPECT_EQ(log.find("secret"), std::string::npos);
  }
  ASSERT_TRUE(stack.WaitReady());
  {
    WithPublicUrl unset(stack, "");  // an empty value reads as unset
    ASSERT_TRUE(stack.WaitReady());
    const std::string address =
        "http://127.0.0.1:" + std::to_string(stack.http_port()) +
        "/published/" + slug;
    HttpResponse md =
        Get("/published/" + slug + ".md", {{"Host", "evil.example"}});
    EXPECT_EQ(Str(ReadWithPython("yaml", md.body), "url"), address);
    HttpResponse feed = Get("/published/feed.atom", {{"Host", "evil.example"}});
    EXPECT_NE(feed.body.find("href=\"" + address + "\""), std::string::npos);
    EXPECT_EQ(feed.body.find("evil.example"), std::string::npos);
  }
  ASSERT_TRUE(stack.WaitReady());
}

}  // namespace
}  // namespace briefdesk::testing
