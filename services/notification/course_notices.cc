#include "services/notification/course_notices.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/outbox/event_types.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;

std::string Module(const ev::CourseNotice& n) {
  std::string m = absl::StrCat("module ", n.module());
  if (!n.module_title().empty()) {
    absl::StrAppend(&m, " (\u201c", n.module_title(), "\u201d)");
  }
  return m;
}

}  // namespace

std::string LocalTime(const google::protobuf::Timestamp& t,
                      const std::string& zone) {
  absl::TimeZone tz = absl::UTCTimeZone();
  std::string name = "UTC";
  if (!zone.empty() && absl::LoadTimeZone(zone, &tz)) name = zone;
  absl::Time at = absl::FromUnixSeconds(t.seconds());
  absl::CivilDay day = absl::ToCivilDay(at, tz);
  return absl::StrCat(absl::FormatTime("%A ", at, tz), day.day(),
                      absl::FormatTime(" %B %Y, %H:%M", at, tz), " (", name,
                      ")");
}

Text DescribeNotice(const events::v1::Event& e) {
  const ev::CourseNotice& n = e.course_notice();
  std::string course = absl::StrCat("\u201c", n.course_title(), "\u201d");
  std::string due = LocalTime(n.due_time(), n.time_zone());
  switch (outbox::TypeOf(e)) {
    case ev::MILESTONE_DUE_SOON:
      return {"Module due soon",
              absl::StrCat("The work for ", Module(n), " of ", course,
                           " is due on ", due,
                           ". Complete the sections of your policy brief that "
                           "the module asks for before then.")};
    case ev::MILESTONE_OVERDUE:
      return {"Module overdue",
              absl::StrCat("The work for ", Module(n), " of ", course,
                           " was due on ", due,
                           " and is not complete yet. Complete it as soon as "
                           "you can, or ask the organizers for more time.")};
    case ev::MILESTONE_DIGEST:
      return {"Module due time passed",
              absl::StrCat(Module(n), " of ", course, " was due on ", due, ": ",
                           n.met(), " participants met it, ", n.missing_size(),
                           " did not.")};
    case ev::COURSE_FOLLOWUP_DUE:
      if (n.has_participant()) {  // to the organizer who holds it
        return {"Follow-up session due",
                absl::StrCat("Follow-up ", n.followup(), " of ", course,
                             " with ", n.participant().display_name(),
                             " is due on ", n.due_date(),
                             ": hold the session and record what changed.")};
      }
      return {
          "Follow-up due",
          absl::StrCat("Follow-up ", n.followup(), " of ", course, " is due",
                       n.due_date().empty() ? "" : " on ", n.due_date(),
                       ": what has changed since the training? "
                       "Report the progress of your next steps.")};
    case ev::AGREEMENT_DUE:
      return {"Your next steps",
              absl::StrCat("The modules of ", course,
                           " are done. Fill in your agreement on next steps: "
                           "what you will do, with whom and by when, who you "
                           "will take your brief to, and the support you "
                           "need.")};
    case ev::FOLLOWUP_MISSED:
      return {"Follow-up session missed",
              absl::StrCat("Follow-up ", n.followup(), " of ", course, " with ",
                           n.participant().display_name(), ", due on ",
                           n.due_date(),
                           ", was not recorded. Record it if it was held, or "
                           "give it a new date.")};
    default:
      return {std::string(outbox::EventTypeName(outbox::TypeOf(e))), ""};
  }
}

}  // namespace briefdesk::notification
