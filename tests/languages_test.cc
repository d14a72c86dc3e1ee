// Briefs in their language (issue 15, docs/brief-check.md), end to end: a
// brief says its language (BCP 47), or takes its course's, else English;
// the check counts and scores in it, by the language's formula, and says
// when a language is not scored.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/courses_fixture.h"

namespace briefdesk::testing {
namespace {

// A path segment as a URL carries it (RFC 3986: unreserved kept, the rest
// percent-encoded).
std::string Segment(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

class LanguagesTest : public ::testing::Test {
 protected:
  HttpResponse Create(const std::string& fields) {
    return api_.Call(
        "POST", "/v1/briefs", author_.key,
        R"({"title":"Protection sociale","topic":"languages",)" + fields + "}");
  }

  Api api_;
  User author_ = api_.NewUser({"PARTICIPANT"});
};

TEST_F(LanguagesTest, ABriefSaysItsLanguageOrTakesItsCoursesElseEnglish) {
  HttpResponse fr = Create(R"("language":"fr-SN","sections":{"summary":)"
                           R"("Étendre la protection sociale."})");
  ASSERT_EQ(fr.status, 201) << fr.body;
  EXPECT_EQ(Str(fr.Json(), "language"), "fr-SN");
  HttpResponse plain = Create(R"("sections":{"summary":"Draft."})");
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(Str(plain.Json(), "language"), "en");
  HttpResponse bad = Create(R"("language":"French!")");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("\"language\""), std::string::npos) << bad.body;

  // A course in Spanish: its briefs are in Spanish unless they say.
  User organizer = NamedUser(api_, "ORGANIZER", "Olga Organizer");
  absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  boost::json::object course{
      {"title", "Curso regional " + Api::Unique()},
      {"language", "es-419"},
      {"timeZone", "America/Lima"},
      {"startDate", absl::FormatCivilTime(today)},
      {"endDate", absl::FormatCivilTime(today + 40)},
      {"modules", boost::json::array{boost::json::object{
                      {"title", "Módulo 1"},
                      {"dueTime", TimeFromNow(std::chrono::hours(24 * 7))},
                      {"sections", boost::json::array{"problem"}}}}}};
  HttpResponse made = api_.Call("POST", "/v1/courses", organizer.key,
                                boost::json::serialize(course));
  ASSERT_EQ(made.status, 201) << made.body;
  HttpResponse es = Create(R"("courseId":")" + Str(made.Json(), "id") +
                           R"(","sections":{"summary":"Borrador."})");
  ASSERT_EQ(es.status, 201) << es.body;
  EXPECT_EQ(Str(es.Json(), "language"), "es-419");
}

TEST_F(LanguagesTest, TheCheckScoresByTheLanguagesFormula) {
  HttpResponse fr =
      Create(R"("language":"fr",)" +
             std::string(R"("sections":{"summary":"Le chat dort. Il est )"
                         R"(content.","recommendations":"- Étendre la )"
                         R"(protection.\n- Adoptez un registre."})"));
  ASSERT_EQ(fr.status, 201) << fr.body;
  std::string id = Str(fr.Json(), "id");
  HttpResponse check =
      api_.Call("GET", "/v1/briefs/" + id + "/check", author_.key);
  ASSERT_EQ(check.status, 200) << check.body;
  const boost::json::value report = check.Json();
  const boost::json::value& m = report.at("metrics");
  EXPECT_EQ(Str(m, "language"), "fr");
  EXPECT_EQ(Str(m, "formula"), "Kandel-Moles");
  EXPECT_GE(m.at("sentences").as_int64(), 4);
  EXPECT_EQ(m.at("recommendationsOpeningWithAction").as_int64(), 2);

  // The editor's unsaved text in another language is checked in it.
  HttpResponse draft =
      api_.Call("POST", "/v1/briefs/" + id + ":check", author_.key,
                R"({"title":"Protección social","language":"es","sections":)"
                R"({"summary":"El perro come. La casa es grande."}})");
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(Str(draft.Json().at("metrics"), "formula"),
            "Szigriszt-Pazos (INFLESZ)");

  // Moved to Japanese: every count, and no score.
  HttpResponse moved = api_.Call(
      "PATCH", "/v1/briefs/" + id, author_.key,
      R"({"language":"ja","sections":{"summary":"これはペンです。あれは本です。"}})",
      {{"If-Match", fr.Header("etag")}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Str(moved.Json(), "language"), "ja");
  HttpResponse ja =
      api_.Call("GET", "/v1/briefs/" + id + "/check", author_.key);
  const boost::json::value ja_report = ja.Json();
  const boost::json::value& jm = ja_report.at("metrics");
  EXPECT_EQ(Str(jm, "formula"), "");
  EXPECT_EQ(jm.at("readability").to_number<double>(), 0);
  EXPECT_NE(Str(jm, "readabilityNote").find("not scored for this language"),
            std::string::npos)
      << ja.body;
  EXPECT_GE(jm.at("totalWords").as_int64(), 6);
  // Each revision keeps the language it was written in.
  HttpResponse first =
      api_.Call("GET", "/v1/briefs/" + id + "/revisions/1", author_.key);
  EXPECT_EQ(Str(first.Json(), "language"), "fr");
}

// The published page, feed and Markdown say the brief's language, and a
// right-to-left one runs right to left; the page's own labels stay English.
TEST_F(LanguagesTest, PublishedPagesCarryTheLanguageAndDirection) {
  std::string topic = "languages-" + Api::Unique();
  User expert = api_.NewUser({"EXPERT"}, "[\"" + topic + "\"]");
  User editor = api_.NewUser({"EDITOR"});
  std::string slug;
  {
    HttpResponse made =
        api_.Call("POST", "/v1/briefs", author_.key,
                  R"({"title":"الحماية الاجتماعية للجميع","topic":")" + topic +
                      R"(","language":"ar",)" + Api::CompleteSections() + "}");
    ASSERT_EQ(made.status, 201) << made.body;
    std::string id = Str(made.Json(), "id");
    ASSERT_EQ(
        api_.Call("POST", "/v1/briefs/" + id + ":submit", author_.key).status,
        200);
    HttpResponse claim = api_.ClaimWithin(expert);
    ASSERT_EQ(claim.status, 200) << claim.body;
    ASSERT_EQ(api_.Complete(expert, claim, "APPROVE").status, 200);
    HttpResponse published =
        api_.Call("POST", "/v1/briefs/" + id + ":publish", editor.key);
    ASSERT_EQ(published.status, 200) << published.body;
    slug = Segment(Str(published.Json(), "slug"));
  }
  HttpResponse page = api_.Call("GET", "/published/" + slug, "");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(page.body.find("<h1 lang=\"ar\" dir=\"rtl\">"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<div lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  HttpResponse index = api_.Call("GET", "/published?topic=" + topic, "");
  EXPECT_NE(index.body.find("hreflang=\"ar\" lang=\"ar\" dir=\"rtl\""),
            std::string::npos)
      << index.body;
  HttpResponse md = api_.Call("GET", "/published/" + slug + ".md", "");
  EXPECT_NE(md.body.find("\nlanguage: \"ar\"\n"), std::string::npos) << md.body;
  HttpResponse feed = api_.Call("GET", "/published/feed.atom", "");
  EXPECT_NE(feed.body.find("<entry xml:lang=\"ar\">"), std::string::npos);
}

}  // namespace
}  // namespace briefdesk::testing
