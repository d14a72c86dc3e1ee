#include "services/notification/email_events.h"

#include <boost/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/outbox/event_types.h"
#include "services/notification/course_notices.h"
#include "services/notification/email_kinds.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;
namespace json = boost::json;

json::array Names(const google::protobuf::RepeatedPtrField<ev::Addressee>& a) {
  json::array out;
  for (const auto& p : a) {
    out.push_back(json::object{
        {"name", p.display_name().empty() ? p.email() : p.display_name()}});
  }
  return out;
}

void AddNotice(const ev::CourseNotice& n, json::object& d) {
  d["courseTitle"] = n.course_title();
  d["module"] = absl::StrCat(n.module());
  d["moduleTitle"] = n.module_title();
  if (n.has_due_time()) d["dueTime"] = LocalTime(n.due_time(), n.time_zone());
  json::array sections;
  for (const auto& s : n.sections())
    sections.push_back(json::object{{"name", s}});
  d["hasSections"] = !sections.empty();
  d["sections"] = std::move(sections);
  d["hasMissing"] = n.missing_size() > 0;
  d["missing"] = Names(n.missing());
  d["met"] = absl::StrCat(n.met());
  d["followup"] = absl::StrCat(n.followup());
  // The organizer's copy of a session's reminder, and a missed session:
  // who it is with.
  if (n.has_participant())
    d["participantName"] = n.participant().display_name();
}

std::vector<OutgoingEmail> Invitation(const ev::Event& e, json::object d,
                                      const std::string& public_url) {
  const ev::Invitation& inv = e.invitation();
  if (inv.to().email().empty() || inv.token().empty()) return {};
  d["courseTitle"] = inv.course_title();
  d["invitedBy"] = inv.invited_by();
  // The web app's page, where the person chooses a password; the token in
  // the fragment never reaches a server's logs.
  d["invitationLink"] =
      absl::StrCat(public_url, "/app/invitation#", inv.token());
  if (inv.has_expire_time()) d["expireTime"] = LocalTime(inv.expire_time(), "");
  OutgoingEmail m{.user_id = inv.to().user_id(),
                  .recipient = absl::AsciiStrToLower(inv.to().email()),
                  .to_email = inv.to().email(),
                  .to_name = inv.to().display_name(),
                  .kind = kInvitation,
                  .language = inv.language().empty() ? "en" : inv.language(),
                  .event = d["event"].as_string().c_str(),
                  .data = json::serialize(d)};
  return {m};
}

std::vector<OutgoingEmail> PasswordReset(const ev::Event& e, json::object d,
                                         const std::string& public_url) {
  const ev::PasswordReset& r = e.password_reset();
  if (r.to().email().empty() || r.token().empty()) return {};
  d["resetLink"] = absl::StrCat(public_url, "/app/reset#", r.token());
  if (r.has_expire_time()) d["expireTime"] = LocalTime(r.expire_time(), "");
  return {OutgoingEmail{.user_id = r.to().user_id(),
                        .recipient = absl::AsciiStrToLower(r.to().email()),
                        .to_email = r.to().email(),
                        .to_name = r.to().display_name(),
                        .kind = kPasswordReset,
                        .language = "en",
                        .event = d["event"].as_string().c_str(),
                        .data = json::serialize(d)}};
}

}  // namespace

std::vector<OutgoingEmail> EmailsFor(const events::v1::Event& e,
                                     const Text& text,
                                     const std::string& brief_title,
                                     const std::string& public_url) {
  ev::EventType type = outbox::TypeOf(e);
  std::string kind = EmailKindOf(type);
  if (kind.empty()) return {};
  json::object d{{"event", outbox::EventTypeName(type)},
                 {"title", text.title},
                 {"body", text.body},
                 {"publicUrl", public_url}};
  if (!e.brief_id().empty()) {
    // The web app's page of the brief; for an expert's decision, its
    // reviews, where the comments are shown at their passages.
    bool decided = type == ev::BRIEF_CHANGES_REQUESTED ||
                   type == ev::BRIEF_APPROVED || type == ev::BRIEF_REJECTED;
    d["briefLink"] = absl::StrCat(public_url, "/app/briefs/", e.brief_id(),
                                  decided ? "/reviews" : "");
    d["briefTitle"] = !brief_title.empty() ? brief_title
                      : e.has_discussion() ? e.discussion().title()
                                           : e.brief_changed().title();
    d["note"] = e.brief_changed().note();
  }
  if (type == ev::INVITATION_SENT)
    return Invitation(e, std::move(d), public_url);
  if (type == ev::PASSWORD_RESET_REQUESTED)
    return PasswordReset(e, std::move(d), public_url);
  std::vector<OutgoingEmail> out;
  auto add = [&](const std::string& user, const std::string& email,
                 const std::string& name, const std::string& language) {
    std::string recipient = user.empty() ? absl::AsciiStrToLower(email) : user;
    if (recipient.empty() || recipient == e.actor_id()) return;
    for (const auto& o : out) {
      if (o.recipient == recipient) return;
    }
    out.push_back(
        {user, recipient, email, name, kind, language.empty() ? "en" : language,
         std::string(outbox::EventTypeName(type)), json::serialize(d)});
  };
  if (e.has_discussion()) {
    // Guidance and comment threads: to the people the event names, in
    // English (the directory has no language); experts asked for feedback
    // find it on their Guidance page.
    if (type == ev::FEEDBACK_REQUESTED) {
      d["briefLink"] = absl::StrCat(public_url, "/app/guidance");
    }
    d["question"] = e.discussion().text();
    for (const auto& to : e.discussion().to()) add(to.user_id(), "", "", "en");
    return out;
  }
  if (e.has_course_notice()) {
    AddNotice(e.course_notice(), d);
    for (const auto& to : e.course_notice().to()) {
      add(to.user_id(), to.email(), to.display_name(),
          e.course_notice().language());
    }
    return out;
  }
  // Brief events: their authors, in English (the directory has no language).
  const auto& c = e.brief_changed();
  add(c.author_id(), "", "", "en");
  for (const auto& id : c.co_author_ids()) add(id, "", "", "en");
  return out;
}

}  // namespace briefdesk::notification
