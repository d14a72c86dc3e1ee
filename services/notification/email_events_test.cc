// The e-mails events make, from events built here as the courses service
// and the directory will send them.
#include "services/notification/email_events.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "services/notification/course_notices.h"
#include "services/notification/email_templates.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;
namespace json = boost::json;

ev::Event Notice(ev::EventType type) {
  ev::Event e;
  e.set_id("evt-1");
  e.set_type(type);
  e.set_brief_id("brief-9");
  e.set_actor_id("service:courses");
  auto* n = e.mutable_course_notice();
  n->set_course_id("c1");
  n->set_course_title("Evidence-based policy making");
  n->set_language("fr");
  n->set_time_zone("Europe/Rome");
  n->set_module(2);
  n->set_module_title("The problem");
  n->mutable_due_time()->set_seconds(1804176000);  // 2027-03-04 16:00 UTC
  n->add_sections("problem");
  auto* to = n->add_to();
  to->set_user_id("u1");
  to->set_email("ana@example.org");
  to->set_display_name("Ana");
  return e;
}

std::string Field(const OutgoingEmail& m, const char* key) {
  json::value v = json::parse(m.data);
  const auto* f = v.as_object().if_contains(key);
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

TEST(EmailEventsTest, AMilestoneNoticeGoesToItsAddresseeInTheCourseZone) {
  ev::Event e = Notice(ev::MILESTONE_DUE_SOON);
  Text text = DescribeNotice(e);
  EXPECT_EQ(text.title, "Module due soon");
  auto out = EmailsFor(e, text, "", "https://bd.example");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].user_id, "u1");
  EXPECT_EQ(out[0].to_email, "ana@example.org");
  EXPECT_EQ(out[0].to_name, "Ana");
  EXPECT_EQ(out[0].kind, "reminders");
  EXPECT_EQ(out[0].language, "fr");
  EXPECT_EQ(out[0].event, "milestone.due_soon");
  // 16:00 UTC is 17:00 in Rome in March.
  EXPECT_EQ(Field(out[0], "dueTime"),
            "Thursday 4 March 2027, 17:00 (Europe/Rome)");
  EXPECT_NE(text.body.find("17:00 (Europe/Rome)"), std::string::npos);
  EXPECT_EQ(Field(out[0], "briefLink"),
            "https://bd.example/app/briefs/brief-9");
  auto r = RenderEmail(out[0].kind, out[0].language, out[0].data);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->language, "en");  // no French templates yet
  EXPECT_EQ(r->subject,
            "Module due soon: Evidence-based policy making, module 2");
  EXPECT_NE(r->text.find("- problem"), std::string::npos);
}

TEST(EmailEventsTest, AFollowUpOfACourseIsAFollowUp) {
  ev::Event e = Notice(ev::COURSE_FOLLOWUP_DUE);
  e.mutable_course_notice()->set_followup(3);
  auto out = EmailsFor(e, DescribeNotice(e), "", "http://h");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "followUps");
  EXPECT_EQ(Field(out[0], "followup"), "3");
}

TEST(EmailEventsTest, TheDigestOfADueTimeGoesToEachOrganizer) {
  ev::Event e = Notice(ev::MILESTONE_DIGEST);
  auto* n = e.mutable_course_notice();
  n->clear_to();
  for (const char* who : {"o1", "o2"}) {
    auto* to = n->add_to();
    to->set_user_id(who);
    to->set_email(std::string(who) + "@example.org");
  }
  n->add_missing()->set_display_name("Bo");
  n->set_met(7);
  auto out = EmailsFor(e, DescribeNotice(e), "", "http://h");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].recipient, "o2");
  auto r = RenderEmail(out[0].kind, out[0].language, out[0].data);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->text.find("- Bo"), std::string::npos);
  EXPECT_NE(r->text.find("7 participants met it"), std::string::npos);
}

TEST(EmailEventsTest, AnInvitationGoesToTheAddressWithItsLink) {
  ev::Event e;
  e.set_id("evt-2");
  e.set_type(ev::INVITATION_SENT);
  auto* inv = e.mutable_invitation();
  inv->mutable_to()->set_email("New.Person@Example.org");
  inv->mutable_to()->set_display_name("New Person");
  inv->set_course_title("Regional edition");
  inv->set_language("es");
  inv->set_token("tok123");
  inv->set_invited_by("Clara");
  auto out = EmailsFor(e, {"invitation.sent", ""}, "", "http://h:8080");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "invitation");
  EXPECT_EQ(out[0].user_id, "");
  EXPECT_EQ(out[0].recipient, "new.person@example.org");
  EXPECT_EQ(out[0].language, "es");
  EXPECT_EQ(Field(out[0], "invitationLink"),
            "http://h:8080/app/invitation#tok123");
  inv->clear_token();
  EXPECT_TRUE(EmailsFor(e, {"", ""}, "", "http://h").empty());
}

TEST(EmailEventsTest, APasswordResetGoesToTheAccountWithItsLink) {
  ev::Event e;
  e.set_id("evt-4");
  e.set_type(ev::PASSWORD_RESET_REQUESTED);
  e.set_actor_id("u7");  // the person asked for it: they still get it
  auto* r = e.mutable_password_reset();
  r->mutable_to()->set_user_id("u7");
  r->mutable_to()->set_email("Ana@Example.org");
  r->set_token("bdr_abc");
  auto out = EmailsFor(e, {"password_reset.requested", ""}, "", "http://h");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "passwordReset");
  EXPECT_EQ(out[0].user_id, "u7");
  EXPECT_EQ(out[0].to_email, "Ana@Example.org");
  EXPECT_EQ(Field(out[0], "resetLink"), "http://h/app/reset#bdr_abc");
}

TEST(EmailEventsTest, BriefEventsEmailTheAuthorsButNotTheActor) {
  ev::Event e;
  e.set_id("evt-3");
  e.set_type(ev::BRIEF_RETURNED);
  e.set_brief_id("b1");
  e.set_actor_id("ed1");
  auto* c = e.mutable_brief_changed();
  c->set_author_id("author");
  c->add_co_author_ids("co");
  c->add_co_author_ids("ed1");
  c->add_expert_ids("expert");
  c->set_note("Shorten the summary");
  auto out = EmailsFor(e, {"Brief returned", "x"}, "Skills", "http://h");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].recipient, "author");
  EXPECT_EQ(out[1].recipient, "co");
  EXPECT_EQ(out[0].kind, "reviews");
  EXPECT_EQ(out[0].language, "en");
  EXPECT_EQ(out[0].to_email, "");  // the sender asks the directory
  EXPECT_EQ(Field(out[0], "note"), "Shorten the summary");
  EXPECT_EQ(Field(out[0], "briefTitle"), "Skills");
  EXPECT_EQ(Field(out[0], "briefLink"), "http://h/app/briefs/b1");
  // An expert's decision links to the brief's reviews in the web app.
  e.set_type(ev::BRIEF_CHANGES_REQUESTED);
  EXPECT_EQ(
      Field(EmailsFor(e, {"t", "x"}, "Skills", "http://h")[0], "briefLink"),
      "http://h/app/briefs/b1/reviews");
  // Events that are not e-mailed make none.
  e.set_type(ev::BRIEF_SUBMITTED);
  EXPECT_TRUE(EmailsFor(e, {"", ""}, "", "http://h").empty());
}

}  // namespace
}  // namespace briefdesk::notification
