#include "services/notification/email_templates.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "absl/strings/match.h"

namespace briefdesk::notification {
namespace {

// Data every English template can be rendered with: each field any of them
// uses, with characters HTML must escape.
std::string SampleData() {
  boost::json::object d{
      {"name", "Ana <Pérez> & co"},
      {"title", "Changes requested"},
      {"body", "Experts asked for changes to \u201cYouth <jobs>\u201d."},
      {"briefTitle", "Youth <jobs> & skills"},
      {"briefLink", "http://127.0.0.1:8080/v1/briefs/b1"},
      {"note", "Cite the 2023 survey"},
      {"unsubscribeUrl", "http://127.0.0.1:8080/v1/email:unsubscribe?token=t"},
      {"courseTitle", "Evidence-based policy making 2027"},
      {"module", "3"},
      {"moduleTitle", "Policy options"},
      {"dueTime", "Friday 12 March 2027, 17:00 (Europe/Rome)"},
      {"hasSections", true},
      {"sections",
       boost::json::array{boost::json::object{{"name", "options"}}}},
      {"hasMissing", true},
      {"missing", boost::json::array{boost::json::object{{"name", "Bo"}}}},
      {"invitedBy", "Clara Organizer"},
      {"invitationLink", "http://127.0.0.1:8080/invitations/tok"},
      {"resetLink", "http://127.0.0.1:8080/app/reset#bdr_tok"},
      {"expireTime", "Monday 1 March 2027, 09:00 (UTC)"},
      {"count", "2"},
      {"one", false},
      {"items", boost::json::array{boost::json::object{
                    {"title", "Brief published"}, {"body", "It is out."}}}}};
  return boost::json::serialize(d);
}

TEST(EmailTemplatesTest, EveryEnglishTemplateRendersForSampleData) {
  std::vector<std::string> kinds;
  for (const std::string& f : TemplateFiles()) {
    if (absl::StartsWith(f, "en/") && absl::EndsWith(f, ".subject")) {
      kinds.push_back(f.substr(3, f.size() - 3 - 8));
    }
  }
  EXPECT_EQ(kinds.size(), 8u);  // reviews, publication, followUps, ...
  for (const std::string& kind : kinds) {
    auto r = RenderEmail(kind, "en", SampleData());
    ASSERT_TRUE(r.ok()) << kind << ": " << r.status();
    EXPECT_FALSE(r->subject.empty()) << kind;
    EXPECT_EQ(r->subject.find('\n'), std::string::npos) << kind;
    EXPECT_NE(r->text.find("Ana <P\u00e9rez> & co"), std::string::npos) << kind;
    EXPECT_NE(r->html.find("Ana &lt;P\u00e9rez&gt; &amp; co"),
              std::string::npos)
        << kind;
    EXPECT_EQ(r->html.find("<P\u00e9rez>"), std::string::npos) << kind;
    EXPECT_EQ(r->text.find("{{"), std::string::npos) << kind;
    EXPECT_EQ(r->html.find("{{"), std::string::npos) << kind;
    if (kind != "invitation" && kind != "digest" && kind != "passwordReset") {
      EXPECT_NE(r->text.find("email:unsubscribe?token=t"), std::string::npos)
          << kind;
    }
  }
}

TEST(EmailTemplatesTest, APasswordResetCarriesItsLinkAndNoUnsubscribe) {
  auto r = RenderEmail("passwordReset", "en", SampleData());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NE(r->text.find("http://127.0.0.1:8080/app/reset#bdr_tok"),
            std::string::npos);
  EXPECT_NE(r->html.find("href=\"http://127.0.0.1:8080/app/reset#bdr_tok\""),
            std::string::npos);
  EXPECT_EQ(r->text.find("unsubscribe"), std::string::npos);
}

// A session's reminder speaks to the organizer who holds it, naming the
// participant, and to the participant otherwise.
TEST(EmailTemplatesTest, AFollowUpSpeaksToTheOrganizerOrToTheParticipant) {
  auto to_participant = RenderEmail("followUps", "en", SampleData());
  ASSERT_TRUE(to_participant.ok());
  EXPECT_NE(to_participant->text.find("A follow-up is a short account"),
            std::string::npos);
  EXPECT_EQ(to_participant->text.find("In the session, ask"),
            std::string::npos);
  boost::json::object d = boost::json::parse(SampleData()).as_object();
  d["participantName"] = "Amina <Diallo>";
  auto to_organizer = RenderEmail("followUps", "en", boost::json::serialize(d));
  ASSERT_TRUE(to_organizer.ok());
  EXPECT_NE(to_organizer->text.find("In the session, ask Amina <Diallo> how"),
            std::string::npos)
      << to_organizer->text;
  EXPECT_NE(to_organizer->html.find("ask Amina &lt;Diallo&gt; how"),
            std::string::npos);
  EXPECT_EQ(to_organizer->text.find("A follow-up is a short account"),
            std::string::npos);
}

TEST(EmailTemplatesTest, TheInvitationCarriesItsLink) {
  auto r = RenderEmail("invitation", "en", SampleData());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subject, "Invitation to Evidence-based policy making 2027");
  EXPECT_NE(r->text.find("http://127.0.0.1:8080/invitations/tok"),
            std::string::npos);
  EXPECT_NE(r->html.find("href=\"http://127.0.0.1:8080/invitations/tok\""),
            std::string::npos);
}

TEST(EmailTemplatesTest, ALanguageWithoutTemplatesFallsBackToEnglish) {
  EXPECT_EQ(TemplateLanguage("reviews", "en"), "en");
  EXPECT_EQ(TemplateLanguage("reviews", "fr"), "en");
  EXPECT_EQ(TemplateLanguage("reviews", "es-419"), "en");
  EXPECT_EQ(TemplateLanguage("reviews", ""), "en");
  EXPECT_EQ(TemplateLanguage("no-such-kind", "en"), "");
  auto fr = RenderEmail("reviews", "fr", SampleData());
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(fr->language, "en");
  EXPECT_EQ(fr->subject, "Changes requested: Youth <jobs> & skills");
}

TEST(EmailTemplatesTest, EmptyOptionalFieldsLeaveTheirSectionOut) {
  boost::json::object d{
      {"name", "Ana"},       {"title", "Brief approved"},
      {"body", "Approved."}, {"briefLink", "http://x/v1/briefs/b"},
      {"note", ""},          {"unsubscribeUrl", "http://x/u"}};
  auto r = RenderEmail("reviews", "en", boost::json::serialize(d));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text.find("The note left for you"), std::string::npos);
  EXPECT_EQ(r->subject, "Brief approved");
}

}  // namespace
}  // namespace briefdesk::notification
